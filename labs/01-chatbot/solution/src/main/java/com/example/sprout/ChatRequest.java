package com.example.sprout;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/** A validated {@code {"sessionId", "message"}} body. */
record ChatRequest(String sessionId, String message) {

    static final int MAX_MESSAGE_LENGTH = 4000;
    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown for a body the API refuses, with the status to answer and a message for the user. */
    static final class Invalid extends Exception {
        final int status;

        Invalid(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static ChatRequest parse(String body) throws Invalid {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Invalid(400, "The request body is not valid JSON.");
        }
        if (json == null || !json.isObject()) {
            throw new Invalid(400, "The request body must be a JSON object with sessionId and message.");
        }
        JsonNode sessionId = json.get("sessionId");
        JsonNode message = json.get("message");
        if (sessionId == null || !sessionId.isTextual() || !validSessionId(sessionId.asText())) {
            throw new Invalid(400, "sessionId must be 1 to 64 letters, digits, '-' or '_'.");
        }
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            throw new Invalid(400, "message must be a non-blank string.");
        }
        if (message.asText().length() > MAX_MESSAGE_LENGTH) {
            throw new Invalid(413, "message is longer than " + MAX_MESSAGE_LENGTH + " characters.");
        }
        return new ChatRequest(sessionId.asText(), message.asText());
    }

    static boolean validSessionId(String id) {
        return SESSION_ID.matcher(id).matches();
    }
}
