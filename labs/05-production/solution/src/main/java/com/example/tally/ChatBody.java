package com.example.tally;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/** A validated {@code {"sessionId", "message"}} body of {@code POST /api/chat}. */
record ChatBody(String sessionId, String message) {

    static final int MAX_MESSAGE_LENGTH = 4000;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body the API refuses (400); the message is for the user and never quotes the body. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static ChatBody parse(String body) throws Invalid {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            // Jackson's message quotes the body, which holds the user's text: never pass it on.
            throw new Invalid("The request body is not valid JSON.");
        }
        if (json == null || !json.isObject()) {
            throw new Invalid("The request body must be a JSON object with sessionId and message.");
        }
        JsonNode sessionId = json.get("sessionId");
        JsonNode message = json.get("message");
        if (sessionId == null || !sessionId.isTextual() || !SESSION_ID.matcher(sessionId.asText()).matches()) {
            throw new Invalid("sessionId must be 1 to 64 letters, digits, '-' or '_'.");
        }
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            throw new Invalid("message must be a non-blank string.");
        }
        if (message.asText().length() > MAX_MESSAGE_LENGTH) {
            throw new Invalid("message must be at most " + MAX_MESSAGE_LENGTH + " characters.");
        }
        return new ChatBody(sessionId.asText(), message.asText());
    }
}
