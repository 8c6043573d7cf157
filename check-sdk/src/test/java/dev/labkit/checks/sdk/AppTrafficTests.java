package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A check's evidence: what its client saw of a real loopback app, and what the app asked the model. */
class AppTrafficTests {

    private HttpServer server;
    private final AppTraffic traffic = new AppTraffic();
    private AppClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/chat", exchange -> {
            byte[] body = "Prune in late winter.".repeat(10).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/api/chat/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: {\"delta\":\"a\"}\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = new AppClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), traffic);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void recordsEachAnswerWithItsStatusTypeAndWhetherItIsJson() throws Exception {
        client.get("/health");
        client.withTimeout(Duration.ofSeconds(5)).postJson("/api/chat", Map.of("message", "hi"));
        client.stream("/api/chat/stream", Map.of("message", "hi"));
        ModelTraffic model = new ModelTraffic();
        ModelRequest request = new ModelRequest(model.nextRequestNumber(), java.time.Instant.now(), "ollama", "/api/chat",
                "chat", "llama3.2", List.of(Message.of("user", "hi")), List.of(), false, Map.of(), null);
        model.received(request);
        model.answered(new ModelExchange(request, 404, "", List.of(), "no such model", Duration.ofMillis(3)));

        JsonNode evidence = new ObjectMapper().readTree(traffic.toJson(model));

        assertThat(evidence.get("app")).hasSize(3);
        assertThat(evidence.at("/app/0/json").asText()).isEqualTo("yes");
        assertThat(evidence.at("/app/1/request").asText()).isEqualTo("POST /api/chat");
        assertThat(evidence.at("/app/1/json").asText()).isEqualTo("no");
        assertThat(evidence.at("/app/1/contentType").asText()).isEqualTo("text/plain");
        assertThat(evidence.at("/app/1/body").asText()).hasSize(AppTraffic.BODY_START).startsWith("Prune in late");
        assertThat(evidence.at("/app/2/json").asText()).as("a stream is not read whole").isEqualTo("n/a");
        assertThat(evidence.at("/model/0/model").asText()).isEqualTo("llama3.2");
        assertThat(evidence.at("/model/0/status").asInt()).isEqualTo(404);
        assertThat(evidence.at("/model/0/rule").asText()).isEqualTo("no such model");
    }

    @Test
    void recordsARefusedConnectionAsUnansweredWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AppClient nobody = new AppClient(URI.create("http://127.0.0.1:" + closedPort), traffic);

        assertThatThrownBy(() -> nobody.get("/health")).isInstanceOf(AssertionError.class);

        JsonNode call = new ObjectMapper().readTree(traffic.toJson(new ModelTraffic())).at("/app/0");
        assertThat(call.get("status").asInt()).isZero();
        assertThat(call.get("failure").asText())
                .isEqualTo("connection refused: is the app still running and listening on PORT?");
    }
}
