package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live mode: the lab model in front of a real model, forwarding what no rule answers and recording
 * it. The "real model" here is a second lab model with its own script (mock: no real Ollama runs
 * here), reached over real HTTP like an Ollama would be.
 */
class RealModelProxyTests {

    private final ModelServerFixture real = new ModelServerFixture();
    private final ModelScript script = new ModelScript();
    private final ModelTraffic traffic = new ModelTraffic();
    private final LabModelServer front = start(real.server.baseUrl());

    private LabModelServer start(URI upstream) {
        try {
            return LabModelServer.start(new LabModelServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    script, traffic, Set.of(CHAT_MODEL), Set.of(ModelServerFixture.EMBEDDING_MODEL), upstream));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        front.close();
        real.close();
    }

    private OllamaChatModel chat(LabModelServer server) {
        return OllamaChatModel.builder().baseUrl(server.baseUrl().toString()).modelName(CHAT_MODEL)
                .timeout(Duration.ofSeconds(10)).maxRetries(0).build();
    }

    @Test
    void whatNoRuleAnswersGoesToTheRealModelAndIsRecorded() {
        real.script.onChat().reply("A real answer about roses.");

        String answer = chat(front).chat("Tell me about roses.");

        assertThat(answer).isEqualTo("A real answer about roses.");
        assertThat(real.traffic.chatRequests()).singleElement()
                .satisfies(r -> assertThat(r.lastUserMessage()).isEqualTo("Tell me about roses."));
        ModelExchange recorded = traffic.exchanges().get(0);
        assertThat(recorded.rule()).isEqualTo("real model");
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.reply()).isEqualTo("A real answer about roses.");
    }

    @Test
    void rulesStillComeFirstSoFaultsCanBeInjected() {
        script.when(Match.lastUserMessageContains("fail")).fail(503);

        HttpResponse<String> failed = post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"please fail\"}]}");

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(real.traffic.requests()).as("the real model never saw it").isEmpty();
    }

    @Test
    void streamsAreRelayedChunkByChunk() throws Exception {
        real.script.onChat().stream("Prune ", "in ", "winter.");
        StreamingCollector stream = new StreamingCollector();

        OllamaStreamingChatModel.builder().baseUrl(front.baseUrl().toString()).modelName(CHAT_MODEL)
                .timeout(Duration.ofSeconds(10)).build().chat("When do I prune?", stream);

        assertThat(stream.done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Prune in winter.");
        assertThat(stream.partials).containsExactly("Prune ", "in ", "winter.");
        assertThat(traffic.exchanges().get(0).reply()).isEqualTo("Prune in winter.");
    }

    @Test
    void toolCallsOfTheRealModelAreRecordedAndEmbeddingsStayLocal() {
        real.script.onChat().callTool("get_weather", Map.of("city", "Oslo"));

        post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Weather?\"}]}");
        OllamaEmbeddingModel.builder().baseUrl(front.baseUrl().toString()).modelName(ModelServerFixture.EMBEDDING_MODEL)
                .build().embed("roses");

        assertThat(traffic.exchanges().get(0).toolCalls()).extracting(c -> c.name()).containsExactly("get_weather");
        assertThat(real.traffic.embeddingRequests()).isEmpty();
        assertThat(traffic.embeddingRequests()).hasSize(1);
    }

    @Test
    void aLoadGoesToTheRealModelAndCapabilitiesAreLeftToIt() {
        HttpResponse<String> load = post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[]}");
        post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,\"think\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(load.body()).contains("\"done_reason\":\"load\"");
        assertThat(real.traffic.chatRequests()).hasSize(2);
        assertThat(traffic.exchanges()).extracting(ModelExchange::rule).containsOnly("real model");
        assertThat(traffic.exchanges().get(1).status()).as("the real model refused think").isEqualTo(400);
    }

    @Test
    void anUnreachableRealModelIsA502ThatSaysWhere() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (LabModelServer orphan = start(URI.create("http://127.0.0.1:" + closed))) {
            HttpResponse<String> response = send(orphan, "/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("the real model at http://127.0.0.1:" + closed + " cannot be reached");
        }
    }

    private HttpResponse<String> post(String path, String body) {
        return send(front, path, body);
    }

    private static HttpResponse<String> send(LabModelServer server, String path, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUrl().resolve(path))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
