package dev.labkit.checks.production;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tally's chat API as a user calls it: {@code POST /api/chat {"sessionId", "message"}}. */
final class ChatApi {

    static final String PATH = "/api/chat";

    private ChatApi() {}

    static Map<String, Object> body(String sessionId, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", sessionId);
        body.put("message", message);
        return body;
    }

    /** POST /api/chat, whatever it answers. */
    static AppResponse send(AppClient app, String sessionId, String message) {
        return app.postJson(PATH, body(sessionId, message));
    }

    /** The reply of an answer, expecting 200 {@code {"sessionId", "reply"}}. */
    static String replyOf(AppResponse response, String sessionId, String situation) {
        Expect.that(response.status() == 200, () -> situation + ": " + response.request() + " should answer 200 "
                + "{\"sessionId\",\"reply\"}, got " + response.status() + " " + AppClient.shorten(response.body()));
        String echoed = response.text("sessionId");
        Expect.that(echoed.equals(sessionId), () -> situation + ": POST /api/chat should answer with the request's "
                + "sessionId \"" + sessionId + "\", got \"" + echoed + "\"");
        return response.text("reply");
    }
}
