package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lab model server on a free loopback port, with a script and a recorder the test drives, and a
 * plain HTTP client to talk to it as any app would.
 */
final class ModelServerFixture implements AutoCloseable {

    static final String CHAT_MODEL = "qwen2.5:0.5b";
    static final String EMBEDDING_MODEL = "all-minilm";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Generous: the first embedding loads the ONNX model, which takes seconds on a busy machine. */
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);

    final ModelScript script = new ModelScript();
    final ModelTraffic traffic = new ModelTraffic();
    final LabModelServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ModelServerFixture() {
        this(Set.of(CHAT_MODEL), Set.of(EMBEDDING_MODEL));
    }

    /** A lab model serving these chat and embedding models. */
    ModelServerFixture(Set<String> chatModels, Set<String> embeddingModels) {
        this(chatModels, embeddingModels, null, Map.of());
    }

    /** A lab model with a real speech server behind it (or null), knowing these clips' transcripts. */
    ModelServerFixture(URI speechUpstream, Map<String, String> clipTranscripts) {
        this(Set.of(CHAT_MODEL), Set.of(EMBEDDING_MODEL), speechUpstream, clipTranscripts);
    }

    private ModelServerFixture(Set<String> chatModels, Set<String> embeddingModels, URI speechUpstream,
            Map<String, String> clipTranscripts) {
        try {
            server = LabModelServer.start(new LabModelServer.Config(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), script, traffic,
                    chatModels, embeddingModels).withSpeech(speechUpstream, clipTranscripts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return server.baseUrl().toString();
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(ANSWER_LIMIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code body} and reads the answer as one JSON value. */
    JsonNode postJson(String path, String body) throws IOException, InterruptedException {
        return JSON.readTree(post(path, body).body());
    }

    /** The JSON objects of an NDJSON answer, in order. */
    static List<JsonNode> lines(String ndjson) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** The JSON objects of an SSE answer, in order, {@code [DONE]} left out. */
    static List<JsonNode> events(String sse) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring("data: ".length())));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
