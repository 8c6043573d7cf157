package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The check client against a real loopback server that answers well, slowly, or not at all. */
class AppClientTests {

    private HttpServer server;
    private AppClient client;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/json", exchange -> send(exchange, 200, "application/json",
                "{\"echo\":\"" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .replace("\"", "'") + "\"}"));
        server.createContext("/slow", exchange -> {
            await();
            send(exchange, 200, "text/plain", "late");
        });
        server.createContext("/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: {\"delta\":\"a\"}\n\nevent: done\ndata: {\"reply\":\"a\"}\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/endless", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            await();
            exchange.close();
        });
        server.createContext("/refuse", exchange -> send(exchange, 400, "application/json", "{\"error\":\"bad\"}"));
        server.start();
        client = new AppClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void await() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void postsObjectsAsJsonAndStringsAsTheyAre() {
        assertThat(client.postJson("/json", Map.of("a", 1)).text("echo")).isEqualTo("{'a':1}");
        assertThat(client.postJson("/json", "{not json").text("echo")).isEqualTo("{not json");
        assertThat(client.get("/json").header("Content-Type")).hasValue("application/json");
    }

    @Test
    void aSlowAnswerFailsAtTheDeadlineWithALearnerMessage() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> client.withTimeout(Duration.ofMillis(300)).get("/slow"))
                .isInstanceOf(AssertionError.class).hasMessage("GET /slow did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMissingFieldOrANonJsonBodyIsNamed() {
        assertThatThrownBy(() -> client.get("/json").text("reply"))
                .hasMessageContaining("should answer JSON with a string field \"reply\"");
        assertThatThrownBy(() -> client.get("/slow".replace("slow", "events")).json())
                .hasMessageContaining("with a body that is not JSON");
    }

    @Test
    void aRefusedConnectionSaysWhereToLook() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AppClient nobody = new AppClient(URI.create("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> nobody.get("/health")).isInstanceOf(AssertionError.class)
                .hasMessage("GET /health: connection refused: is the app still running and listening on PORT?");
    }

    @Test
    void readsAWholeEventStream() {
        SseResponse response = client.stream("/events", Map.of());

        assertThat(response.isEventStream()).isTrue();
        assertThat(response.complete()).isTrue();
        assertThat(response.events("message")).extracting(e -> e.json().path("delta").asText()).containsExactly("a");
        assertThat(response.events("done")).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo("{\"reply\":\"a\"}"));
    }

    @Test
    void anEndlessStreamIsCutAtTheDeadlineKeepingWhatArrived() {
        long started = System.nanoTime();

        SseResponse response = client.withTimeout(Duration.ofMillis(500)).stream("/endless", Map.of());

        assertThat(response.complete()).isFalse();
        assertThat(response.events()).extracting(SseEvent::data).containsExactly("first");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStreamRequestAnsweredWithAnErrorKeepsTheBody() {
        SseResponse response = client.stream("/refuse", Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isEventStream()).isFalse();
        assertThat(response.body()).isEqualTo("{\"error\":\"bad\"}");
    }
}
