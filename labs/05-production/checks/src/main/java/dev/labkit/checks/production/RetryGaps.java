package dev.labkit.checks.production;

import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The waits between attempts of one call to the model, as the lab model's recorder saw them: from the end of
 * one attempt (its {@link ModelRequest#receivedAt()} plus the {@link ModelExchange#duration()} the lab model
 * took to answer or drop it) to the arrival of the next attempt.
 */
final class RetryGaps {

    private RetryGaps() {}

    /**
     * The waits between {@code attempts} (requests of one user request, any order: sorted by arrival), in order;
     * one fewer than the attempts.
     *
     * @param exchanges the recorder's exchanges, where each attempt's answer is found (by the request itself)
     * @throws IllegalArgumentException when an attempt but the last has no recorded answer
     */
    static List<Duration> between(List<ModelRequest> attempts, List<ModelExchange> exchanges) {
        List<ModelRequest> sorted = attempts.stream().sorted(Comparator.comparing(ModelRequest::receivedAt)).toList();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < sorted.size(); i++) {
            ModelRequest attempt = sorted.get(i);
            ModelExchange answer = exchanges.stream().filter(e -> e.request() == attempt).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("model request #" + attempt.number()
                            + " has no recorded answer, so its end is unknown"));
            Instant ended = attempt.receivedAt().plus(answer.duration());
            gaps.add(Duration.between(ended, sorted.get(i + 1).receivedAt()));
        }
        return gaps;
    }

    /** Waits in milliseconds, e.g. {@code [212 ms, 431 ms]}, for messages. */
    static String describe(List<Duration> gaps) {
        return gaps.stream().map(g -> String.format(Locale.ROOT, "%.0f ms", g.toNanos() / 1e6))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
