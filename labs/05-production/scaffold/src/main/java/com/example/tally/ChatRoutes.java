package com.example.tally;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code POST /api/chat}: {@code {"sessionId","message"}} -> {@code {"sessionId","reply"}}. */
final class ChatRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Tally tally;

    ChatRoutes(Tally tally) {
        this.tally = tally;
    }

    void chat(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JacksonException e) {
            ctx.status(400).json(Map.of("error", "The request body is not valid JSON."));
            return;
        }
        JsonNode sessionId = body == null ? null : body.get("sessionId");
        JsonNode message = body == null ? null : body.get("message");
        if (sessionId == null || !sessionId.isTextual() || !SESSION_ID.matcher(sessionId.asText()).matches()) {
            ctx.status(400).json(Map.of("error", "sessionId must be 1 to 64 letters, digits, '-' or '_'."));
            return;
        }
        if (message == null || !message.isTextual() || message.asText().isBlank() || message.asText().length() > 4000) {
            ctx.status(400).json(Map.of("error", "message must be a non-blank string of at most 4000 characters."));
            return;
        }
        System.out.println("chat " + sessionId.asText() + ": " + message.asText());
        try {
            String reply = tally.chat(sessionId.asText(), message.asText());
            ctx.json(Map.of("sessionId", sessionId.asText(), "reply", reply));
        } catch (RuntimeException e) {
            System.err.println("model call failed: " + e);
            if (timedOut(e)) {
                ctx.status(504).json(Map.of("error", "Tally's model took too long to answer. Please try again."));
            } else {
                ctx.status(502).json(Map.of("error", "Tally's model is unavailable right now. Please try again."));
            }
        }
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof dev.langchain4j.exception.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
