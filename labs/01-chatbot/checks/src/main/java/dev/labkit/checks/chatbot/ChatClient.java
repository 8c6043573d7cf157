package dev.labkit.checks.chatbot;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lab 01's API as a learner's user would call it, with the expectations every check shares. */
final class ChatClient {

    private final AppClient app;

    ChatClient(AppClient app) {
        this.app = app;
    }

    static Map<String, Object> body(String sessionId, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", sessionId);
        body.put("message", message);
        return body;
    }

    /** POST /api/chat, whatever it answers. */
    AppResponse send(String sessionId, String message) {
        return app.postJson("/api/chat", body(sessionId, message));
    }

    /** POST /api/chat, expecting 200 {@code {"sessionId", "reply"}}; returns the reply. */
    String chat(String sessionId, String message) {
        return replyOf(send(sessionId, message), sessionId);
    }

    /** The reply of a {@code POST /api/chat} answer, expecting 200 {@code {"sessionId", "reply"}}. */
    static String replyOf(AppResponse response, String sessionId) {
        Expect.that(response.status() == 200, () -> response.request() + " with a valid message should answer 200 "
                + "{\"sessionId\",\"reply\"}, got " + response.status() + " " + AppClient.shorten(response.body()));
        String reply = response.text("reply");
        String echoed = response.text("sessionId");
        Expect.that(echoed.equals(sessionId), () -> "POST /api/chat should answer with the request's sessionId \""
                + sessionId + "\", got \"" + echoed + "\"");
        return reply;
    }
}
