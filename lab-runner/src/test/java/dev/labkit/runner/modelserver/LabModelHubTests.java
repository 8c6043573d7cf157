package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static dev.labkit.runner.modelserver.ModelServerFixture.EMBEDDING_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One lab model hub, two seats at once, over real HTTP: each seat answers by its own script and records into
 * its own traffic only, on its own port; one seat's stalled requests neither delay nor outlive the other's.
 */
class LabModelHubTests {

    /** Longer than any test waits: a stalled request ends only because its seat or the hub closes. */
    private static final Duration STALL = Duration.ofMinutes(2);

    /** How long a test waits for something that should happen at once. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One submission's seat: its script, its traffic, its server. */
    private record Seat(ModelScript script, ModelTraffic traffic, LabModelServer server) {}

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private LabModelHub hub(LabModelHub hub) {
        toClose.add(hub);
        return hub;
    }

    private static Seat seat(LabModelHub hub) throws IOException {
        ModelScript script = new ModelScript();
        ModelTraffic traffic = new ModelTraffic();
        LabModelServer server = hub.seat(new LabModelServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), script, traffic, Set.of(CHAT_MODEL),
                Set.of(EMBEDDING_MODEL)));
        return new Seat(script, traffic, server);
    }

    private static String chat(String question) {
        return "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}]}";
    }

    private CompletableFuture<HttpResponse<String>> postChat(Seat seat, String question) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(seat.server().baseUrl() + "/api/chat"))
                .timeout(STALL).POST(HttpRequest.BodyPublishers.ofString(chat(question))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> questions(ModelTraffic traffic) {
        return traffic.requests().stream().map(r -> r.messages().get(r.messages().size() - 1))
                .map(Message::content).toList();
    }

    @Test
    void twoSeatsAtOnceAnswerByTheirOwnScriptAndRecordOnlyTheirOwnRequestsNumberedFromOne() throws Exception {
        LabModelHub hub = hub(new LabModelHub());
        Seat a = seat(hub);
        Seat b = seat(hub);
        a.script().onChat().reply("Answer from A.");
        b.script().onChat().reply("Answer from B.");

        assertThat(a.server().port()).isNotEqualTo(b.server().port());
        assertThat(a.server().baseUrl().toString()).isEqualTo("http://127.0.0.1:" + a.server().port());
        assertThat(b.server().speechBaseUrl().toString()).isEqualTo("http://127.0.0.1:" + b.server().port() + "/v1");
        assertThat(hub.openSeats()).isEqualTo(2);

        // Both seats at once, through langchain4j's own client, as two learners' apps would.
        ExecutorService apps = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (Seat seat : List.of(a, b)) {
                String name = seat == a ? "A" : "B";
                OllamaChatModel client = OllamaChatModel.builder().baseUrl(seat.server().baseUrl().toString())
                        .modelName(CHAT_MODEL).timeout(DEADLINE).build();
                answers.add(apps.submit(() -> {
                    List<String> texts = new ArrayList<>();
                    for (int i = 1; i <= 5; i++) {
                        texts.add(client.chat(UserMessage.from("question " + i + " to " + name)).aiMessage().text());
                    }
                    return texts;
                }));
            }
            assertThat(answers.get(0).get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).containsOnly("Answer from A.")
                    .hasSize(5);
            assertThat(answers.get(1).get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).containsOnly("Answer from B.")
                    .hasSize(5);
        } finally {
            apps.shutdownNow();
        }

        assertThat(questions(a.traffic())).as("seat A records A's requests only")
                .containsExactly("question 1 to A", "question 2 to A", "question 3 to A", "question 4 to A",
                        "question 5 to A");
        assertThat(questions(b.traffic())).as("seat B records B's requests only")
                .containsExactly("question 1 to B", "question 2 to B", "question 3 to B", "question 4 to B",
                        "question 5 to B");
        assertThat(a.traffic().requests()).extracting(ModelRequest::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(b.traffic().requests()).extracting(ModelRequest::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(a.traffic().exchanges()).hasSize(5)
                .allSatisfy(exchange -> assertThat(exchange.reply()).isEqualTo("Answer from A."));
        assertThat(b.traffic().exchanges()).hasSize(5)
                .allSatisfy(exchange -> assertThat(exchange.reply()).isEqualTo("Answer from B."));
    }

    @Test
    void aSeatWhoseThreadsAllStallDelaysNoOtherSeat() throws Exception {
        // Two threads a seat, so that seat A's own bound is reached with three requests.
        LabModelHub hub = hub(new LabModelHub(2));
        Seat a = seat(hub);
        Seat b = seat(hub);
        a.script().onChat().stall(STALL);
        b.script().onChat().reply("B answers.");

        List<CompletableFuture<HttpResponse<String>>> stalled = List.of(postChat(a, "one"), postChat(a, "two"));
        assertThat(a.traffic().awaitChatRequests(2, DEADLINE)).as("A's two stalled requests arrived").isTrue();
        CompletableFuture<HttpResponse<String>> waiting = postChat(a, "three");

        HttpResponse<String> answer = postChat(b, "hello").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("B answers.");
        assertThat(stalled).as("A's requests are still stalled while B answers").noneMatch(Future::isDone);
        assertThat(waiting).as("A's third request waits in A's own queue").isNotDone();
        assertThat(a.traffic().requests()).as("A's third request is not read yet: A's threads are all stalled")
                .hasSize(2);
        assertThat(questions(b.traffic())).containsExactly("hello");
    }

    @Test
    void closingASeatWakesItsOwnStalledRequestsClosesItsPortAndLeavesTheOtherSeatServing() throws Exception {
        LabModelHub hub = hub(new LabModelHub());
        Seat a = seat(hub);
        Seat b = seat(hub);
        a.script().onChat().stall(STALL);
        b.script().when(Match.lastUserMessageContains("wait")).stall(STALL);
        b.script().onChat().reply("B is still here.");
        CompletableFuture<HttpResponse<String>> stalledOnA = postChat(a, "wait on A");
        CompletableFuture<HttpResponse<String>> stalledOnB = postChat(b, "wait on B");
        assertThat(a.traffic().awaitChatRequests(1, DEADLINE)).isTrue();
        assertThat(b.traffic().awaitChatRequests(1, DEADLINE)).isTrue();

        a.server().close();

        assertThatThrownBy(() -> stalledOnA.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("A's stalled request ends when A closes, its connection closed unanswered")
                .hasCauseInstanceOf(IOException.class);
        assertThat(a.traffic().exchanges()).singleElement()
                .satisfies(exchange -> assertThat(exchange.status()).isZero());
        assertThatThrownBy(() -> postChat(a, "again").get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("A's port is closed").hasCauseInstanceOf(ConnectException.class);

        HttpResponse<String> answer = postChat(b, "still there?").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("B is still here.");
        assertThat(stalledOnB).as("B's stalled request was not woken by A's close").isNotDone();
        assertThat(hub.openSeats()).isEqualTo(1);
        a.server().close(); // again: nothing happens
        assertThat(hub.openSeats()).isEqualTo(1);
    }

    @Test
    void closingTheHubClosesEverySeatWakesEveryStalledRequestAndEndsItsThreads() throws Exception {
        LabModelHub hub = hub(new LabModelHub());
        Seat a = seat(hub);
        Seat b = seat(hub);
        a.script().onChat().stall(STALL);
        b.script().onChat().stall(STALL);
        CompletableFuture<HttpResponse<String>> stalledOnA = postChat(a, "wait on A");
        CompletableFuture<HttpResponse<String>> stalledOnB = postChat(b, "wait on B");
        assertThat(a.traffic().awaitChatRequests(1, DEADLINE)).isTrue();
        assertThat(b.traffic().awaitChatRequests(1, DEADLINE)).isTrue();

        hub.close();

        for (CompletableFuture<HttpResponse<String>> stalled : List.of(stalledOnA, stalledOnB)) {
            assertThatThrownBy(() -> stalled.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IOException.class);
        }
        for (Seat seat : List.of(a, b)) {
            assertThatThrownBy(() -> postChat(seat, "again").get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectException.class);
        }
        assertThat(hub.openSeats()).isZero();
        assertThat(hub.awaitThreadsEnded(DEADLINE)).as("the shared pool's threads end").isTrue();
        assertThatThrownBy(() -> seat(hub)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closingASeatEndsTheRequestsWaitingInItsQueueToo() throws Exception {
        LabModelHub hub = hub(new LabModelHub(1));
        Seat a = seat(hub);
        a.script().onChat().stall(STALL);
        CompletableFuture<HttpResponse<String>> stalled = postChat(a, "one");
        assertThat(a.traffic().awaitChatRequests(1, DEADLINE)).isTrue();
        CompletableFuture<HttpResponse<String>> waiting = postChat(a, "two");
        assertThat(a.traffic().awaitChatRequests(2, Duration.ofMillis(300)))
                .as("A's second request waits for A's only thread").isFalse();

        a.server().close();

        for (CompletableFuture<HttpResponse<String>> request : List.of(stalled, waiting)) {
            assertThatThrownBy(() -> request.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IOException.class);
        }
        assertThat(a.traffic().requests()).as("the waiting request was never read").hasSize(1);
    }
}
