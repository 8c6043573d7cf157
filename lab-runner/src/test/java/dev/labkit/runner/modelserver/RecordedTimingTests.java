package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.Reply;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When requests are recorded: {@code receivedAt} as the request arrived, {@code duration} up to the last
 * byte of the answer (or the closed connection), recorded before the app can have read the whole answer,
 * so that checks can measure a retry's back-off from the end of one attempt to the arrival of the next;
 * and concurrent slow answers served at once.
 */
class RecordedTimingTests {

    private static final String CHAT = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What do I owe?\"}]}";
    private static final String STREAMED_CHAT = CHAT.replace("\"stream\":false", "\"stream\":true");
    /** Instant (wall clock) and durations (monotonic clock) are mixed: they may disagree by this much. */
    private static final Duration CLOCKS = Duration.ofMillis(2);

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    private static Instant end(ModelExchange exchange) {
        return exchange.request().receivedAt().plus(exchange.duration());
    }

    @Test
    void theGapBetweenAnAnswersEndAndTheNextArrivalIsAtLeastTheClientsWait() throws Exception {
        model.script.onChat().failThenReply(1, 503, "Paid.");

        HttpResponse<String> failed = model.post("/api/chat", CHAT);
        Instant answered = Instant.now();
        Thread.sleep(200); // the app's back-off
        Instant sent = Instant.now();
        model.post("/api/chat", CHAT);

        List<ModelExchange> exchanges = model.traffic.exchanges();
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(end(exchanges.get(0))).as("the first answer ended before the client had it")
                .isBeforeOrEqualTo(answered.plus(CLOCKS));
        assertThat(exchanges.get(1).request().receivedAt()).as("the retry arrived after it was sent")
                .isAfterOrEqualTo(sent.minus(CLOCKS));
        assertThat(Duration.between(end(exchanges.get(0)), exchanges.get(1).request().receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).minus(CLOCKS));
        assertThat(model.traffic.waitsBetweenChatRequests()).singleElement()
                .isEqualTo(Duration.between(end(exchanges.get(0)), exchanges.get(1).request().receivedAt()));
    }

    @Test
    void aStreamThatStallsThenDropsLastsUntilTheConnectionCloses() throws Exception {
        model.script.onChat().streamThenBreak(Reply.stall(Duration.ofMillis(300)), "Half ");

        try {
            model.post("/api/chat", STREAMED_CHAT);
        } catch (IOException e) {
            // the dropped connection
        }

        ModelExchange exchange = model.traffic.exchanges().get(0);
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void everyAnswerIsRecordedBeforeTheClientHasReadIt() throws Exception {
        model.script.onChat().sequence(Reply.text("One."), Reply.chunks("Two ", "parts."), Reply.failure(503));

        for (int i = 0; i < 30; i++) {
            String body = i % 3 == 1 ? STREAMED_CHAT : CHAT;
            model.post(i % 2 == 0 ? "/api/chat" : "/v1/chat/completions", body);
            assertThat(model.traffic.exchanges()).as("recorded when answer %d was read", i + 1).hasSize(i + 1);
        }
    }

    @Test
    void twentyDelayedRequestsAreAnsweredConcurrently() throws Exception {
        model.script.onChat().then(Reply.delayed(Duration.ofMillis(500), Reply.text("Later.")));
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(clients.submit(() -> model.post("/api/chat", CHAT)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }

        List<ModelExchange> exchanges = model.traffic.exchanges();
        assertThat(exchanges).hasSize(20).allSatisfy(e -> assertThat(e.duration())
                .isGreaterThanOrEqualTo(Duration.ofMillis(500)));
        Instant lastArrival = exchanges.stream().map(e -> e.request().receivedAt()).max(Comparator.naturalOrder())
                .orElseThrow();
        Instant firstEnd = exchanges.stream().map(RecordedTimingTests::end).min(Comparator.naturalOrder()).orElseThrow();
        assertThat(lastArrival).as("all 20 were being answered at the same moment").isBefore(firstEnd);
    }
}
