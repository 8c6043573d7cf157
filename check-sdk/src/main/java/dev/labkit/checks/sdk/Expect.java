package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * Plain-language expectations for checks: when one fails, the learner reads exactly the message
 * the check wrote (what was expected, what happened, where to look), with no assertion-library
 * framing around it. AssertJ works in checks too; use this where its messages would read poorly.
 */
public final class Expect {

    private Expect() {}

    /** Fails the check with {@code message} unless {@code condition} holds. */
    public static void that(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }

    /** What an error body must never show a user: stack traces, exception names, internal addresses. */
    private static final String[] INTERNALS = {"Exception", "\tat ", ".java:", "127.0.0.1", "localhost:"};

    /**
     * Expects the error every lab's contract asks for: {@code status}, a JSON body {@code {"error":
     * "..."}} with a non-empty message, and no internals in it.
     *
     * @param situation what was done, for the message, e.g. "when the model answers 500"
     */
    public static void jsonError(AppResponse response, int status, String situation) {
        that(response.status() == status, () -> situation + ": expected status " + status + ", got "
                + response.status() + " " + AppClient.shorten(response.body()));
        String error = response.text("error");
        that(!error.isBlank(), () -> situation + ": the \"error\" field should say what went wrong, it is empty");
        noInternals(response.body(), situation + ": the error body");
    }

    /**
     * Expects a stream to end the way every lab's contract asks when it fails once started: its last
     * event is {@code event: error} with data {@code {"error": "..."}}, a non-empty string and no
     * internals, and there is no {@code done} event.
     *
     * @param situation what was done, for the message, e.g. "when the model goes silent mid-stream"
     */
    public static void errorEvent(SseResponse response, String situation) {
        List<SseEvent> events = response.events();
        that(!events.isEmpty() && events.get(events.size() - 1).event().equals("error"), () -> situation + ": the "
                + "stream should end with \"event: error\" and data: {\"error\":\"...\"}, but its events were "
                + events.stream().map(SseEvent::event).toList()
                + response.brokenRule().map(rule -> "\n  " + response.describeReceived()).orElse(""));
        that(response.events("done").isEmpty(), () -> situation + ": a stream that failed should not also send "
                + "event: done; got " + response.events("done").size());
        SseEvent error = events.get(events.size() - 1);
        JsonNode data = error.json();
        that(data.path("error").isTextual() && !data.path("error").asText().isBlank(), () -> situation
                + ": event: error should carry data {\"error\":\"<a sentence for the user>\"}, got: "
                + Received.preview(error.data()));
        noInternals(error.data(), situation + ": the error event");
    }

    private static void noInternals(String body, String what) {
        for (String leak : INTERNALS) {
            that(!body.contains(leak), () -> what + " must not show internals (stack traces, exception names, "
                    + "internal URLs), but it contains \"" + leak.strip() + "\": " + AppClient.shorten(body));
        }
    }

    /** Expects what every lab's contract asks of {@code GET /health}: {@code 200 {"status":"ok"}}. */
    public static void healthy(AppClient app) {
        AppResponse response = app.get("/health");
        that(response.status() == 200, () -> "GET /health should answer 200, got " + response);
        that("ok".equals(response.text("status")), () -> "GET /health should answer {\"status\":\"ok\"}, got "
                + AppClient.shorten(response.body()));
    }

    /**
     * Expects the {@code Content-Type} the labs' briefs give every answer: {@code application/json},
     * in any case, with or without a {@code charset}.
     */
    public static void jsonMediaType(AppResponse response) {
        that(response.hasMediaType("application/json"), () -> response.request() + " answered " + response.status()
                + " with Content-Type " + response.header("content-type").orElse("(none)") + ": every answer is "
                + "JSON, sent with Content-Type application/json");
    }

    /**
     * Expects {@code actual} to be the model's {@code reply} unchanged: every character, new lines
     * and inner spaces included; only whitespace around it may be trimmed, on either side (the
     * briefs of labs 02 and 03 allow that).
     *
     * @param what the field, for the message, e.g. {@code "answer"}
     */
    public static void unchanged(String actual, String reply, String what) {
        boolean same = reply.contains(actual) && actual.strip().equals(reply.strip());
        that(same, () -> "\"" + what + "\" should be the model's reply, unchanged (only the whitespace around it may "
                + "be trimmed): expected " + TextNode.valueOf(reply) + ", got " + TextNode.valueOf(actual));
    }

    /** Fails the check with {@code message}. */
    public static AssertionError fail(String message) {
        throw new AssertionError(message);
    }
}
