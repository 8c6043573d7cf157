package dev.labkit.runner.grading;

import java.util.List;

/**
 * One cause that explains several failed checks, found by looking at all of them together: the
 * report opens with it, and the checks it explains point to it instead of giving their own hints.
 *
 * @param id what kind of cause: {@code unknown-model}, {@code endpoint-missing}, {@code app-stopped},
 *     {@code not-json}, {@code event-stream-broken} or {@code no-model-requests} (docs/results.md)
 * @param summary the cause in a few words, e.g. {@code the model "llama3.2" does not exist here}
 * @param message the cause with the values seen (what was sent, what was answered)
 * @param hint what to do about it
 * @param checks the ids of the failed checks it explains, in grading order
 */
public record Diagnosis(String id, String summary, String message, String hint, List<String> checks) {

    static final String UNKNOWN_MODEL = "unknown-model";
    static final String ENDPOINT_MISSING = "endpoint-missing";
    static final String APP_STOPPED = "app-stopped";
    static final String NOT_JSON = "not-json";
    static final String EVENT_STREAM_BROKEN = "event-stream-broken";
    static final String NO_MODEL_REQUESTS = "no-model-requests";

    /** Every id the {@link Diagnoser} can find, most fundamental first (broken variants name them). */
    public static final List<String> IDS = List.of(UNKNOWN_MODEL, ENDPOINT_MISSING, APP_STOPPED, NOT_JSON,
            EVENT_STREAM_BROKEN, NO_MODEL_REQUESTS);

    public Diagnosis {
        checks = List.copyOf(checks);
    }

    /** The hint an explained check shows instead of its own. */
    public String checkHint() {
        return "caused by the problem found above (" + summary + "): fix that first";
    }
}
