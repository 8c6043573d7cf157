package com.example.tally;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/** Tally, as a langchain4j AI service: the persona, and one chat memory per session. */
interface Tally {

    String PERSONA = """
            You are Tally, the assistant of a small bookkeeping firm. You help clients with \
            invoices, receipts, expenses, deadlines and the firm's services. Answer clearly and \
            briefly, and say so when a question needs one of the firm's accountants.""";

    @SystemMessage(PERSONA)
    String chat(@MemoryId String sessionId, @UserMessage String message);
}
