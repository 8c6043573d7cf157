package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A burst reaches a real server on 127.0.0.1 all at once: every request is in flight together. */
class BurstTests {

    @Test
    void allRequestsAreInFlightTogether() throws Exception {
        CountDownLatch arrived = new CountDownLatch(20);
        try (LocalServer server = new LocalServer(exchange -> {
            arrived.countDown();
            // Answered only once all 20 are in: a burst sent one after the other would never get here.
            boolean together = arrived.await(5, TimeUnit.SECONDS);
            int index = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
            LocalServer.answer(exchange, together ? (index < 10 ? 200 : 429) : 500, "{}");
        })) {
            AppClient app = new AppClient(server.url());

            List<AppResponse> answers = Burst.send(20, i -> app.get("/" + i));

            assertThat(answers).hasSize(20);
            assertThat(answers.get(0).request()).isEqualTo("GET /0");
            assertThat(answers.get(19).request()).isEqualTo("GET /19");
            assertThat(Burst.statuses(answers)).isEqualTo(Map.of(200, 10L, 429, 10L));
        }
    }
}
