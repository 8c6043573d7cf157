package dev.labkit.checks.sdk;

import java.time.Duration;
import java.time.Instant;

/**
 * The deadline the labs' briefs set for a silent model: the app gives up after about 10 s without an
 * answer and replies {@code 504 {"error": "..."}} within 12 s of its request to the model. The 12 s
 * run from the model request, so the app's own work before it (embedding a question, running
 * tools, a cold JVM after a restart, a loaded machine) is not counted against it.
 *
 * <pre>{@code
 * model.onChat().stall(ModelDeadline.STALL);
 * Instant sent = Instant.now();
 * AppResponse response = ModelDeadline.client(app).postJson("/api/ask", body);
 * ModelDeadline.expectGatewayTimeout(response, sent, traffic, "POST /api/ask with a silent model");
 * }</pre>
 */
public final class ModelDeadline {

    /** How long a model may say nothing before the app gives up (the briefs' "10 s"). */
    public static final Duration SILENCE = Duration.ofSeconds(10);

    /** How long after its model request the app must have answered 504 (the briefs' "within 12 s"). */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(12);

    /** How long a check's lab model stays silent: well past the deadline, so only the app's timeout ends it. */
    public static final Duration STALL = Duration.ofSeconds(40);

    private ModelDeadline() {}

    /** {@code app} waiting long enough to see a late answer: the deadline plus 8 s for the app's work before it. */
    public static AppClient client(AppClient app) {
        return app.withTimeout(ANSWER_WITHIN.plusSeconds(8));
    }

    /**
     * Expects {@code response}, a request sent at {@code sent} while the model was silent, to be the
     * clean JSON {@code 504} of {@link Expect#jsonError} and to have come within {@link #ANSWER_WITHIN}
     * of the last chat request the app sent.
     *
     * @param situation what was done, for the message, e.g. "POST /api/ask with a silent model"
     */
    public static void expectGatewayTimeout(AppResponse response, Instant sent, ModelTraffic traffic,
            String situation) {
        Expect.jsonError(response, 504, situation + " (the model said nothing for " + STALL.toSeconds() + " s)");
        ModelRequest request = traffic.lastChatRequest().orElseThrow(() -> Expect.fail(situation
                + ": the app answered 504 without asking the model"));
        Duration afterModelRequest = Duration.between(request.receivedAt(), sent.plus(response.elapsed()));
        Expect.that(afterModelRequest.compareTo(ANSWER_WITHIN) <= 0, () -> situation + ": the 504 should come "
                + "within " + ANSWER_WITHIN.toSeconds() + " s of the model request; it came "
                + afterModelRequest.toMillis() + " ms after it: give the model client a timeout of about "
                + SILENCE.toSeconds() + " s");
    }
}
