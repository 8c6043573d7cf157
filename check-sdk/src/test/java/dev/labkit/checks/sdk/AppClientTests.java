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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The check client against a real loopback server that answers well, slowly, or not at all. */
class AppClientTests {

    private HttpServer server;
    private AppClient client;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger redirects = new AtomicInteger();

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
        server.createContext("/upload", exchange -> send(exchange, 200, "text/plain",
                exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1)));
        server.createContext("/refuse", exchange -> send(exchange, 400, "application/json", "{\"error\":\"bad\"}"));
        server.createContext("/spring-events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "TEXT/EVENT-STREAM;charset=UTF-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(":ok\r\n\r\ndata:{\"delta\":\"a\"}\r\n\r\ndata:{\"reply\":\"a\"}\r\nevent:done\r\n\r\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/unended", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: {\"delta\":\"a\"}\n\nevent: done\ndata: {\"reply\":\"a\"}\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/one-newline", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ONE_NEWLINE.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/one-newline-then-blank", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write((ONE_NEWLINE + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/html", exchange -> send(exchange, 200, "text/html", "<html>\r\n\tOops</html>"));
        server.createContext("/array", exchange -> send(exchange, 200, "application/json", "[1,2]"));
        server.createContext("/", exchange -> redirect(exchange, "/static/page.html"));
        server.createContext("/static/page.html", exchange -> send(exchange, 200, "Text/HTML; Charset=UTF-8", "<p>page"));
        server.createContext("/relative/", exchange -> redirect(exchange, "page.html?from=relative"));
        server.createContext("/relative/page.html", exchange -> send(exchange, 200, "text/html",
                "<p>" + exchange.getRequestURI().getRawQuery()));
        server.createContext("/headers", exchange -> send(exchange, 200, "application/json",
                "{\"clientId\":\"" + exchange.getRequestHeaders().getOrDefault("X-Client-Id", java.util.List.of())
                        + "\",\"requestId\":\"" + exchange.getRequestHeaders().getFirst("X-Request-Id") + "\"}"));
        server.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        server.createContext("/away", exchange -> redirect(exchange, "http://192.0.2.1:9/page.html"));
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

    private void redirect(HttpExchange exchange, String location) throws IOException {
        redirects.incrementAndGet();
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
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
    void postsAMultipartFormWithItsFieldsAndTheFileBytesUnchanged() {
        byte[] file = {0, 1, 2, (byte) 0xff, 'R', 'I', 'F', 'F', '\r', '\n', '-', '-'};
        MultipartForm form = MultipartForm.create()
                .field("sessionId", "s-1")
                .field("text", "what fruit is this? \u00e9")
                .file("image", "photo.png", "image/png", file);

        AppResponse response = client.postMultipart("/upload", form);

        String contentType = response.body().lines().findFirst().orElseThrow();
        assertThat(contentType).startsWith("multipart/form-data;").contains("boundary=");
        String body = response.body().substring(contentType.length() + 1);
        assertThat(body).contains("Content-Disposition: form-data; name=\"sessionId\"")
                .contains("Content-Disposition: form-data; name=\"image\"; filename=\"photo.png\"")
                .contains("Content-Type: image/png")
                .contains(new String(file, StandardCharsets.ISO_8859_1))
                .contains(new String("what fruit is this? \u00e9".getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1));
        assertThat(body.indexOf("name=\"sessionId\"")).isLessThan(body.indexOf("name=\"text\""));
        assertThat(response.request()).isEqualTo("POST /upload (sessionId=\"s-1\", text=\"what fruit is this? \u00e9\","
                + " image=photo.png (image/png, 12 bytes))");
    }

    @Test
    void withHeaderSendsTheHeaderWithEveryRequestReplacingOneOfTheSameName() {
        AppClient alice = client.withHeader("X-Client-Id", "alice").withHeader("X-Request-Id", "r-1");
        AppClient bob = alice.withHeader("x-client-id", "bob");

        assertThat(alice.get("/headers").text("clientId")).isEqualTo("[alice]");
        assertThat(alice.postJson("/headers", "{}").text("requestId")).isEqualTo("r-1");
        assertThat(bob.get("/headers").text("clientId")).as("replaced, whatever its case").isEqualTo("[bob]");
        assertThat(bob.get("/headers").text("requestId")).isEqualTo("r-1");
        assertThat(client.get("/headers").text("clientId")).as("the first client is unchanged").isEqualTo("[]");
    }

    @Test
    void atSendsToAnotherInstanceWithTheSameHeadersAndDeadline() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/headers", exchange -> send(exchange, 200, "application/json",
                "{\"clientId\":\"other " + exchange.getRequestHeaders().getFirst("X-Client-Id") + "\"}"));
        other.start();
        try {
            AppClient alice = client.withHeader("X-Client-Id", "alice").withTimeout(Duration.ofSeconds(7));
            URI otherUrl = URI.create("http://127.0.0.1:" + other.getAddress().getPort());

            AppClient there = alice.at(otherUrl);

            assertThat(there.baseUrl()).isEqualTo(otherUrl);
            assertThat(there.timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(there.get("/headers").text("clientId")).isEqualTo("other alice");
            assertThat(alice.get("/headers").text("clientId")).isEqualTo("[alice]");
        } finally {
            other.stop(0);
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

    @Test
    void readsSpringsEventStreamWithAnUpperCaseContentTypeAndCrLf() {
        SseResponse response = client.stream("/spring-events", Map.of());

        assertThat(response.isEventStream()).isTrue();
        assertThat(response.events("message")).extracting(e -> e.json().path("delta").asText()).containsExactly("a");
        assertThat(response.events("done")).extracting(SseEvent::data).containsExactly("{\"reply\":\"a\"}");
        assertThat(response.unended()).isEmpty();
    }

    @Test
    void aLastEventWithoutItsBlankLineIsDroppedAndShown() {
        SseResponse response = client.stream("/unended", Map.of());

        assertThat(response.complete()).isTrue();
        assertThat(response.events()).extracting(SseEvent::event).containsExactly("message");
        assertThat(response.unended()).isEqualTo("event: done\ndata: {\"reply\":\"a\"}");
    }

    /** Each event ended by one line end instead of a blank line (a learner's Node app did this). */
    private static final String ONE_NEWLINE = "data: {\"delta\":\"Water \"}\ndata: {\"delta\":\"at \"}\n"
            + "event: done\ndata: {\"reply\":\"Water at \"}\n";

    @Test
    void eventsEndedByOneLineEndAreNoEventsAndTheMessageShowsTheBytesAndTheRule() {
        SseResponse response = client.stream("/one-newline", Map.of());

        assertThat(response.events()).isEmpty();
        assertThat(response.received()).isEqualTo(ONE_NEWLINE);
        assertThat(response.brokenRule()).hasValueSatisfying(rule ->
                assertThat(rule).contains("each event ends with a blank line"));
        assertThat(response.describeReceived()).startsWith("received: data: {\"delta\":\"Water \"}\\ndata: "
                + "{\"delta\":\"at \"}\\nevent: done\\n").contains("rule broken: ");
    }

    @Test
    void eventsRunTogetherIntoOneAreNamedAsSuchAndTheirDataIsNotJson() {
        SseResponse response = client.stream("/one-newline-then-blank", Map.of());

        assertThat(response.events()).extracting(SseEvent::event).containsExactly("done");
        assertThat(response.brokenRule()).hasValueSatisfying(rule -> assertThat(rule)
                .contains("the data lines of 3 events ran together").contains("each event ends with a blank line"));
        assertThatThrownBy(() -> response.events().get(0).json()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("data: must hold JSON")
                .hasMessageContaining("{\"delta\":\"Water \"}\\n{\"delta\":\"at \"}")
                .hasMessageContaining("3 JSON values").hasMessageContaining("each event ends with a blank line");
    }

    @Test
    void aWellFormedStreamBreaksNoRule() {
        SseResponse response = client.stream("/spring-events", Map.of());

        assertThat(response.brokenRule()).isEmpty();
        assertThat(response.received()).startsWith(":ok\r\n\r\ndata:");
    }

    @Test
    void aBodyThatIsNotJsonIsShownEscapedWithTheRule() {
        AppResponse response = client.get("/html");

        assertThatThrownBy(response::json).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the body must be JSON")
                .hasMessageContaining("received: <html>\\r\\n\\tOops</html>");
    }

    @Test
    void aFieldOfJsonThatIsNotAnObjectNamesTheRule() {
        assertThatThrownBy(() -> client.get("/array").text("reply")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the body must be a JSON object with a string field \"reply\"")
                .hasMessageContaining("received: [1,2]");
    }

    @Test
    void tellsAMediaTypeInAnyCaseWithParametersFromAnother() {
        AppResponse page = client.get("/static/page.html");

        assertThat(page.hasMediaType("text/html")).isTrue();
        assertThat(page.hasMediaType("text/plain")).isFalse();
        assertThat(client.get("/json").hasMediaType("text/html")).isFalse();
    }

    @Test
    void aPageFollowsRedirectsWithinTheAppAndNamesTheWay() {
        AppResponse page = client.getFollowingRedirects("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<p>page");
        assertThat(page.request()).isEqualTo("GET / -> /static/page.html");
        assertThat(client.get("/").status()).as("a plain get never follows").isEqualTo(302);
    }

    @Test
    void aRelativeRedirectKeepsItsQuery() {
        AppResponse page = client.getFollowingRedirects("/relative/");

        assertThat(page.request()).isEqualTo("GET /relative/ -> /relative/page.html?from=relative");
        assertThat(page.body()).isEqualTo("<p>from=relative");
    }

    @Test
    void aRedirectLoopStopsAfterFiveRedirects() {
        AppResponse page = client.getFollowingRedirects("/loop");

        assertThat(page.status()).isEqualTo(302);
        assertThat(redirects.get()).isEqualTo(AppClient.MAX_REDIRECTS + 1);
    }

    @Test
    void aRedirectOutOfTheAppIsNotFollowed() {
        AppResponse page = client.withTimeout(Duration.ofSeconds(2)).getFollowingRedirects("/away");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.request()).isEqualTo("GET /away");
        assertThat(page.header("location")).hasValue("http://192.0.2.1:9/page.html");
    }

    @Test
    void aPathInTheAppIsOneOnItsSchemeHostAndPort() {
        URI page = client.baseUrl().resolve("/static/page.html");

        assertThat(client.pathInApp(page.resolve("app.js?v=2"))).hasValue("/static/app.js?v=2");
        assertThat(client.pathInApp(page.resolve("/"))).hasValue("/");
        assertThat(client.pathInApp(URI.create("http://127.0.0.1:" + (client.baseUrl().getPort() + 1) + "/x"))).isEmpty();
        assertThat(client.pathInApp(URI.create("https://127.0.0.1:" + client.baseUrl().getPort() + "/x"))).isEmpty();
        assertThat(client.pathInApp(URI.create("https://cdn.example/lib.js"))).isEmpty();
    }
}
