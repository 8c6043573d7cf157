package com.example.tally;

/** One exchange of a conversation: what the user said and what Tally answered. */
record Turn(String user, String assistant) {}
