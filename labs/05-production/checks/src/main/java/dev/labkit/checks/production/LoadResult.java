package dev.labkit.checks.production;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link LoadDriver} run measured: each request's outcome and latency, and the run's wall time.
 * Percentiles are nearest-rank over every request (failed ones included, with the time they took).
 *
 * @param outcomes one per request, in completion order
 * @param wall from the first request sent to the last one answered
 * @param concurrency how many workers sent them
 */
record LoadResult(List<Outcome> outcomes, Duration wall, int concurrency) {

    /**
     * One request.
     *
     * @param result the HTTP status as text ({@code 200}), or {@code timeout}, {@code refused},
     *     {@code connection error (...)}
     * @param nanos how long it took, in nanoseconds
     */
    record Outcome(String result, long nanos) {}

    /** How many requests ended with each result, e.g. {@code {200=298, 502=2}}. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.result(), 1, Integer::sum));
        return counts;
    }

    /** How many requests were answered {@code 200}. */
    int ok() {
        return counts().getOrDefault("200", 0);
    }

    /** Whether the run sent requests and every one was answered {@code 200}. */
    boolean allOk() {
        return !outcomes.isEmpty() && ok() == outcomes.size();
    }

    /**
     * This run or {@code again}, a second run of the same load: {@code again} when it is {@link #allOk} and its p95
     * is lower, else this one.
     */
    LoadResult betterOf(LoadResult again) {
        return again.allOk() && again.percentileMillis(95) < percentileMillis(95) ? again : this;
    }

    /** Requests answered per second of wall time. */
    double throughput() {
        return outcomes.size() / Math.max(1e-9, wall.toNanos() / 1e9);
    }

    /** The nearest-rank {@code p}-th percentile latency (0 < p <= 100), in milliseconds. */
    double percentileMillis(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100], got " + p);
        }
        long[] sorted = outcomes.stream().mapToLong(Outcome::nanos).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** The slowest request, in milliseconds. */
    double maxMillis() {
        return outcomes.stream().mapToLong(Outcome::nanos).max().orElse(0) / 1e6;
    }

    /**
     * The run in one line, e.g. {@code 300 requests at concurrency 20 in 1.62 s (185.2 req/s): {200=300};
     * latency p50 61 ms, p95 88 ms, p99 102 ms, max 130 ms}.
     */
    String describe() {
        return String.format(Locale.ROOT, "%d requests at concurrency %d in %.2f s (%.1f req/s): %s; latency "
                + "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", outcomes.size(), concurrency,
                wall.toNanos() / 1e9, throughput(), counts(), percentileMillis(50), percentileMillis(95),
                percentileMillis(99), maxMillis());
    }

    @Override
    public String toString() {
        return describe();
    }
}
