package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link LoadDriver} against a real HTTP server on 127.0.0.1 that takes 20 ms per request. */
class LoadDriverTests {

    @Test
    void sendsEveryRequestWithAtMostTheWorkersInFlightAndMeasuresThem() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> clients = ConcurrentHashMap.newKeySet();
        try (LocalServer server = new LocalServer(exchange -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            clients.add(exchange.getRequestHeaders().getFirst("X-Client-Id"));
            Thread.sleep(20);
            inFlight.decrementAndGet();
            boolean fail = exchange.getRequestURI().getPath().endsWith("/0");
            LocalServer.answer(exchange, fail ? 500 : 200, "{}");
        })) {
            LoadResult result = new LoadDriver(Duration.ofSeconds(5)).run(300, 20, i -> HttpRequest.newBuilder(
                    server.url().resolve("/api/" + (i % 50 == 0 ? 0 : 1))).header("X-Client-Id", "c" + i).build());

            assertThat(result.outcomes()).hasSize(300);
            assertThat(result.counts()).containsEntry("200", 294).containsEntry("500", 6);
            assertThat(result.ok()).isEqualTo(294);
            assertThat(clients).hasSize(300);
            assertThat(most.get()).isBetween(2, 20);
            assertThat(result.percentileMillis(50)).isGreaterThanOrEqualTo(20);
            assertThat(result.percentileMillis(95)).isGreaterThanOrEqualTo(result.percentileMillis(50));
            assertThat(result.maxMillis()).isGreaterThanOrEqualTo(result.percentileMillis(99));
            // One worker would need 300 x 20 ms = 6 s at least; the machine's speed is not asserted beyond that.
            assertThat(result.throughput()).isCloseTo(300 / (result.wall().toNanos() / 1e9),
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(result.describe()).startsWith("300 requests at concurrency 20 in ")
                    .contains("{200=294, 500=6}").contains("p95");
        }
    }

    @Test
    void aRequestNobodyAnswersIsCountedAsRefused() throws Exception {
        URI closed;
        try (LocalServer server = new LocalServer(exchange -> LocalServer.answer(exchange, 200, "{}"))) {
            closed = server.url();
        }
        LoadResult result = new LoadDriver(Duration.ofSeconds(2)).run(3, 2,
                i -> HttpRequest.newBuilder(closed).build());

        assertThat(result.counts()).containsOnlyKeys("refused").containsEntry("refused", 3);
        assertThat(result.ok()).isZero();
    }

    @Test
    void aSlowAnswerIsATimeout() throws Exception {
        try (LocalServer server = new LocalServer(exchange -> {
            Thread.sleep(1_500);
            LocalServer.answer(exchange, 200, "{}");
        })) {
            LoadResult result = new LoadDriver(Duration.ofMillis(200)).run(2, 2,
                    i -> HttpRequest.newBuilder(server.url()).build());

            assertThat(result.counts()).containsEntry("timeout", 2);
        }
    }

    @Test
    void aLoadNeedsRequestsAndWorkers() {
        assertThatThrownBy(() -> new LoadDriver(Duration.ofSeconds(1)).run(0, 20, i -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one request");
    }
}
