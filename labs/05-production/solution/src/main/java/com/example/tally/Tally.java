package com.example.tally;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Tally's conversations: each model request is the persona, the session's last turns (from
 * Redis, whichever replica wrote them), then the new message; the answer becomes a turn.
 */
final class Tally {

    static final String PERSONA = """
            You are Tally, the assistant of a small bookkeeping firm. You help clients with \
            invoices, receipts, expenses, deadlines and the firm's services. Answer clearly and \
            briefly, and say so when a question needs one of the firm's accountants.""";

    private final ResilientModel model;
    private final SessionStore sessions;

    Tally(ResilientModel model, SessionStore sessions) {
        this.model = model;
        this.sessions = sessions;
    }

    /** The model's reply to {@code message}, unchanged; the exchange is stored as a turn. */
    String chat(String sessionId, String message) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(PERSONA));
        for (Turn turn : sessions.turns(sessionId)) {
            messages.add(UserMessage.from(turn.user()));
            messages.add(AiMessage.from(turn.assistant()));
        }
        messages.add(UserMessage.from(message));
        String reply = model.chat(ChatRequest.builder().messages(messages).build()).aiMessage().text();
        sessions.append(sessionId, new Turn(message, reply));
        return reply;
    }
}
