package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Polling a real server on 127.0.0.1 until a status, within a deadline. */
class StatusPollTests {

    @Test
    void pollsUntilTheStatusComes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LocalServer server = new LocalServer(exchange -> LocalServer.answer(exchange,
                calls.incrementAndGet() <= 3 ? 503 : 200, "{\"status\":\"UP\"}"))) {
            StatusPoll.Result result = StatusPoll.until(new AppClient(server.url()), "/health/ready", 200,
                    Duration.ofSeconds(5));

            assertThat(result.reached()).isTrue();
            assertThat(result.last().status()).isEqualTo(200);
            assertThat(result.seen()).containsExactly("503", "503", "503", "200");
            assertThat(result.describe()).isEqualTo("503 x3, 200");
            assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void givesUpAtTheDeadlineWithWhatItSaw() throws Exception {
        try (LocalServer server = new LocalServer(exchange -> LocalServer.answer(exchange, 503, "{}"))) {
            StatusPoll.Result result = StatusPoll.until(new AppClient(server.url()), "/health/ready", 200,
                    Duration.ofMillis(700));

            assertThat(result.reached()).isFalse();
            assertThat(result.last().status()).isEqualTo(503);
            assertThat(result.seen()).hasSizeBetween(2, 5).containsOnly("503");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void anUnansweredPollIsSeenAndPollingGoesOn() throws Exception {
        java.net.URI closed;
        try (LocalServer server = new LocalServer(exchange -> LocalServer.answer(exchange, 200, "{}"))) {
            closed = server.url();
        }
        StatusPoll.Result result = StatusPoll.until(new AppClient(closed), "/health/live", 200,
                Duration.ofMillis(500));

        assertThat(result.reached()).isFalse();
        assertThat(result.last()).isNull();
        assertThat(result.seen()).first().asString().startsWith("no answer (GET /health/live: connection refused");
    }
}
