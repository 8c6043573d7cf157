package dev.labkit.checks.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.AppClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lab 02's client against a real loopback app that answers what each test sets: every form the
 * brief allows is accepted, and what it rules out still fails.
 */
class RagClientTests {

    /** What the app answers next: status, content type, body. */
    private record Canned(int status, String type, String body) {}

    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private HttpServer server;
    private RagClient rag;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                received.put(exchange.getRequestURI().getPath(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                Canned canned = answers.get(exchange.getRequestURI().getPath());
                byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", canned.type());
                exchange.sendResponseHeaders(canned.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        rag = new RagClient(new AppClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String path, int status, String type, String body) {
        answers.put(path, new Canned(status, type, body));
    }

    @Test
    void acceptsResultsPrettyPrintedInAnyKeyOrderWithExtraFieldsWholeScoresAndNoCharset() {
        answer("/api/search", 200, "application/json", """
                {
                  "query": "leave",
                  "results": [
                    {"score": 1, "title": null, "text": "Staff get 27 days.", "documentId": "leave-policy"},
                    {"documentId": "travel-policy", "text": "Book with Tern Travel.", "score": -0.25}
                  ]
                }
                """);

        assertThat(rag.search("leave", 2)).containsExactly(
                new RagClient.Hit("leave-policy", "Staff get 27 days.", 1),
                new RagClient.Hit("travel-policy", "Book with Tern Travel.", -0.25));
    }

    @Test
    void stillRefusesAScoreWrittenAsAStringAndAResultWithoutItsDocumentId() {
        answer("/api/search", 200, "application/json; charset=utf-8",
                "{\"results\":[{\"documentId\":\"leave-policy\",\"text\":\"Staff get 27 days.\",\"score\":\"0.8\"}]}");
        assertThatThrownBy(() -> rag.search("leave", 1)).hasMessageContaining("\"score\": number");

        answer("/api/search", 200, "application/json",
                "{\"results\":[{\"id\":\"leave-policy\",\"text\":\"Staff get 27 days.\",\"score\":0.8}]}");
        assertThatThrownBy(() -> rag.search("leave", 1)).hasMessageContaining("\"documentId\": string");
    }

    @Test
    void acceptsNoSourcesOnlyAsAnEmptyArrayAsTheBriefWritesIt() {
        answer("/api/ask", 200, "application/json", "{\"sources\": [], \"answer\": \"I don't know.\"}");
        assertThat(rag.ask("Who wrote War and Peace?")).isEqualTo(new RagClient.Answer("I don't know.", java.util.List.of()));

        answer("/api/ask", 200, "application/json", "{\"answer\": \"I don't know.\", \"sources\": null}");
        assertThatThrownBy(() -> rag.ask("Who wrote War and Peace?")).hasMessageContaining("JSON array \"sources\"");
        answer("/api/ask", 200, "application/json", "{\"answer\": \"I don't know.\"}");
        assertThatThrownBy(() -> rag.ask("Who wrote War and Peace?")).hasMessageContaining("JSON array \"sources\"");
    }

    @Test
    void acceptsA201ForANewDocumentAndA200OrA201ForAReplacedOne() {
        answer("/api/documents", 201, "application/json", "{\"id\":\"orchard\",\"chunks\":1}");
        assertThat(rag.addDocument("orchard", "Orchard", "Eleven quince trees.", false).status()).isEqualTo(201);
        assertThat(rag.addDocument("orchard", "Orchard", "Eleven quince trees.", true).status()).isEqualTo(201);

        answer("/api/documents", 200, "application/json", "{\"id\":\"orchard\",\"chunks\":1,\"replaced\":true}");
        assertThat(rag.addDocument("orchard", "Orchard", "Twelve quince trees.", true).status()).isEqualTo(200);
    }

    @Test
    void stillRefusesA200ForANewDocumentAndA204ForAnyDocument() {
        answer("/api/documents", 200, "application/json", "{\"id\":\"orchard\",\"chunks\":1}");
        assertThatThrownBy(() -> rag.addDocument("orchard", "Orchard", "Eleven quince trees.", false))
                .hasMessageContaining("with the new id \"orchard\" should answer 201, got 200");

        answer("/api/documents", 204, "application/json", "");
        assertThatThrownBy(() -> rag.addDocument("orchard", "Orchard", "Twelve quince trees.", true))
                .hasMessageContaining("replacing the document \"orchard\" should answer 200 or 201, got 204");
    }

    @Test
    void expectsTheIdAndAWholeNumberOfChunksOfAtLeastOneInEveryAnswerToAPost() {
        for (String body : new String[] {"{\"id\":\"orchard\"}", "{\"id\":\"orchard\",\"chunks\":\"2\"}",
                "{\"id\":\"orchard\",\"chunks\":1.5}", "{\"id\":\"orchard\",\"chunks\":0}",
                "{\"id\":\"other\",\"chunks\":2}", "{\"documentId\":\"orchard\",\"chunks\":2}"}) {
            answer("/api/documents", 200, "application/json", body);
            assertThatThrownBy(() -> rag.addDocument("orchard", "Orchard", "Twelve quince trees.", true)).as(body)
                    .hasMessageContaining("should answer {\"id\": \"orchard\", \"chunks\": n}, n the number of "
                            + "chunks (at least 1), got " + body);
        }
    }

    @Test
    void leavesTheTitleOutWhenThereIsNoneAndSaysSoWhenTheAnswerIsRefused() {
        answer("/api/documents", 400, "application/json", "{\"error\":\"title is required\"}");

        assertThatThrownBy(() -> rag.addDocument("orchard", null, "Twelve quince trees.", true))
                .hasMessageContaining("replacing the document \"orchard\" and no title should answer 200 or 201, "
                        + "got 400");
        assertThat(received.get("/api/documents")).isEqualTo("{\"id\":\"orchard\",\"text\":\"Twelve quince trees.\"}");
    }

    @Test
    void refusesAnAnswerToAPostThatIsNotLabelledJson() {
        answer("/api/documents", 201, "text/plain;charset=utf-8", "{\"id\":\"orchard\",\"chunks\":1}");

        assertThatThrownBy(() -> rag.addDocument("orchard", "Orchard", "Eleven quince trees.", false))
                .hasMessage("POST /api/documents answered 201 with Content-Type text/plain;charset=utf-8: every answer "
                        + "is JSON, sent with Content-Type application/json");
    }

    @Test
    void searchesWithoutKWhenAskedForTheDefault() {
        assertThat(RagClient.searchPath("days of leave")).isEqualTo("/api/search?q=days+of+leave");
        assertThat(RagClient.searchPath("days of leave", 7)).isEqualTo("/api/search?q=days+of+leave&k=7");
    }
}
