package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Waits between attempts, from the end of one (arrival plus the lab model's time) to the next's arrival. */
class RetryGapsTests {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static ModelRequest request(int number, long atMillis) {
        return new ModelRequest(number, T0.plusMillis(atMillis), "ollama", "/api/chat", "chat", "qwen2.5:0.5b",
                List.of(Message.of("user", "Book it")), List.of(), false, Map.of(), null);
    }

    private static ModelExchange answered(ModelRequest request, int status, long tookMillis) {
        return new ModelExchange(request, status, "", List.of(), "rule", Duration.ofMillis(tookMillis));
    }

    @Test
    void measuresFromTheEndOfEachAttemptToTheNext() {
        ModelRequest first = request(1, 0);
        ModelRequest second = request(2, 30 + 240);
        ModelRequest third = request(3, 30 + 240 + 20 + 450);

        List<Duration> gaps = RetryGaps.between(List.of(third, first, second),
                List.of(answered(first, 503, 30), answered(second, 503, 20), answered(third, 200, 5)));

        assertThat(gaps).containsExactly(Duration.ofMillis(240), Duration.ofMillis(450));
        assertThat(RetryGaps.describe(gaps)).isEqualTo("[240 ms, 450 ms]");
    }

    @Test
    void aDroppedAttemptEndsWhenTheLabModelClosedIt() {
        ModelRequest dropped = request(1, 0);
        ModelRequest retry = request(2, 5);

        assertThat(RetryGaps.between(List.of(dropped, retry), List.of(answered(dropped, 0, 2))))
                .containsExactly(Duration.ofMillis(3));
    }

    @Test
    void anAttemptWithNoRecordedAnswerIsNamed() {
        ModelRequest first = request(7, 0);
        assertThatThrownBy(() -> RetryGaps.between(List.of(first, request(8, 300)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#7");
    }

    @Test
    void oneAttemptHasNoWait() {
        assertThat(RetryGaps.between(List.of(request(1, 0)), List.of())).isEmpty();
    }
}
