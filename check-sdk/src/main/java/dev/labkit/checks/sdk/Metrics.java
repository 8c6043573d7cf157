package dev.labkit.checks.sdk;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Numbers a check measures about the app (retrieval recall, latency...), shown under the check in
 * every report whether it passed or not, so that learners can improve, not just pass.
 *
 * <pre>{@code
 * metrics.record("recall@4", 0.93);
 * }</pre>
 */
public final class Metrics {

    /** Report entries whose key starts with this carry one metric each. */
    public static final String KEY_PREFIX = "labkit.metric.";

    private final BiConsumer<String, String> publisher;

    Metrics(BiConsumer<String, String> publisher) {
        this.publisher = Objects.requireNonNull(publisher);
    }

    /** Records a metric; recording the same name again replaces the value. */
    public void record(String name, double value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        publisher.accept(KEY_PREFIX + name, Double.toString(value));
    }
}
