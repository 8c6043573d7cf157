package ledger;

/** One exchange of a conversation: what the user said and what Tally answered. */
record Turn(String user, String assistant) {}
