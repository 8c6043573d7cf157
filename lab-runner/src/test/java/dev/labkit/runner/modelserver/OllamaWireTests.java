package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Ollama and OpenAI wire formats, byte by byte where clients are strict about them. */
class OllamaWireTests {

    private static final ObjectMapper JSON = ModelServerFixture.JSON;

    private final ModelServerFixture model = new ModelServerFixture();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        model.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return model.get(path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return model.post(path, body);
    }

    private static List<JsonNode> lines(String ndjson) throws IOException {
        return ModelServerFixture.lines(ndjson);
    }

    @Test
    void describesItselfLikeOllama() throws Exception {
        assertThat(get("/").body()).isEqualTo("Ollama is running");
        assertThat(JSON.readTree(get("/api/version").body()).path("version").asText()).matches("0\\.1[2-9]\\..*");

        JsonNode tags = JSON.readTree(get("/api/tags").body());
        assertThat(tags.path("models")).extracting(m -> m.path("name").asText())
                .containsExactly("all-minilm:latest", "qwen2.5:0.5b");
        // langchain4j cannot parse a short fraction such as .5Z: whole seconds or 9 digits only.
        assertThat(tags.path("models").get(0).path("modified_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");

        JsonNode show = JSON.readTree(post("/api/show", "{\"name\":\"all-minilm\"}").body());
        assertThat(show.path("capabilities")).extracting(JsonNode::asText).containsExactly("embedding");
        assertThat(post("/api/show", "{\"model\":\"nope\"}").statusCode()).isEqualTo(404);

        assertThat(JSON.readTree(get("/api/ps").body()).path("models")).hasSize(2);
        assertThat(JSON.readTree(get("/v1/models").body()).path("data")).extracting(m -> m.path("id").asText())
                .contains("qwen2.5:0.5b");
    }

    @Test
    void pullStreamsProgressAndThenServesTheModel() throws Exception {
        HttpResponse<String> pull = post("/api/pull", "{\"model\":\"llama3.2:1b\"}");

        assertThat(pull.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = lines(pull.body());
        assertThat(lines.get(0).path("status").asText()).isEqualTo("pulling manifest");
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("total").asLong()).isEqualTo(1_321_098_329L);
            assertThat(l.path("completed").asLong()).isEqualTo(l.path("total").asLong());
        });
        assertThat(lines.get(lines.size() - 1).path("status").asText()).isEqualTo("success");
        assertThat(post("/api/pull", "{\"name\":\"nomic-embed-text\",\"stream\":false}").body())
                .isEqualTo("{\"status\":\"success\"}");

        HttpResponse<String> chat = post("/api/chat",
                "{\"model\":\"llama3.2:1b\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(post("/api/show", "{\"model\":\"nomic-embed-text\"}").body())
                .path("capabilities").get(0).asText()).isEqualTo("embedding");
    }

    @Test
    void chatStreamsNdjsonEndingWithAMessageAndDone() throws Exception {
        model.script.onChat().stream("a ", "b");

        HttpResponse<String> response = post("/api/chat",
                "{\"model\":\"qwen2.5:0.5b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        List<JsonNode> lines = lines(response.body());
        assertThat(lines).extracting(l -> l.path("message").path("content").asText()).containsExactly("a ", "b", "");
        JsonNode last = lines.get(2);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
        assertThat(last.path("eval_count").asInt()).isPositive();
        assertThat(last.path("prompt_eval_count").asInt()).isPositive();
    }

    @Test
    void toolCallsCarryIdsAndArgumentObjects() throws Exception {
        model.script.onChat().callTool("get_weather", java.util.Map.of("city", "Paris"));

        JsonNode ollama = JSON.readTree(post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body());
        JsonNode call = ollama.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isNotBlank();
        assertThat(call.path("function").path("arguments").isObject()).isTrue();
        assertThat(call.path("function").path("arguments").path("city").asText()).isEqualTo("Paris");

        JsonNode openAi = JSON.readTree(post("/v1/chat/completions", "{\"model\":\"qwen2.5:0.5b\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body());
        JsonNode choice = openAi.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void generateAnswersInBothModes() throws Exception {
        model.script.onChat().reply("Compost it.");

        JsonNode once = JSON.readTree(post("/api/generate",
                "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"Leaves?\",\"system\":\"Be brief.\",\"stream\":false}").body());
        assertThat(once.path("response").asText()).isEqualTo("Compost it.");
        List<JsonNode> streamed = lines(post("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"Leaves?\"}").body());
        assertThat(streamed).extracting(l -> l.path("response").asText()).containsExactly("Compost ", "it.", "");
        assertThat(model.traffic.chatRequests().get(0).systemPrompt()).isEqualTo("Be brief.");
        assertThat(model.traffic.chatRequests().get(0).endpoint()).isEqualTo("/api/generate");
    }

    @Test
    void legacyEmbeddingsAndEmbedWithAStringInput() throws Exception {
        JsonNode legacy = JSON.readTree(post("/api/embeddings", "{\"model\":\"all-minilm\",\"prompt\":\"rose\"}").body());
        JsonNode embed = JSON.readTree(post("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"rose\"}").body());

        assertThat(legacy.path("embedding")).hasSize(384);
        assertThat(embed.path("embeddings")).hasSize(1);
        assertThat(embed.path("embeddings").get(0)).isEqualTo(legacy.path("embedding"));
    }

    @Test
    void jsonFormatGetsAJsonAnswer() throws Exception {
        JsonNode answer = JSON.readTree(post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,"
                + "\"format\":{\"type\":\"object\",\"properties\":{\"plant\":{\"type\":\"string\"},"
                + "\"days\":{\"type\":\"integer\"}}},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Basil sprouts in five days.\"},"
                + "{\"role\":\"user\",\"content\":\"When does basil sprout?\"}]}").body());

        JsonNode content = JSON.readTree(answer.path("message").path("content").asText());
        assertThat(content.path("plant").asText()).isEqualTo("Basil sprouts in five days.");
        assertThat(content.path("days").isInt()).isTrue();
    }

    @Test
    void openAiStreamIsSseEndingWithDone() throws Exception {
        model.script.onChat().stream("x", "y");

        String body = post("/v1/chat/completions", "{\"model\":\"qwen2.5:0.5b\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}")
                .body();

        assertThat(body).startsWith("data: {").endsWith("data: [DONE]\n\n");
        assertThat(body).contains("\"content\":\"x\"", "\"content\":\"y\"", "\"finish_reason\":\"stop\"");
    }

    @Test
    void chunkedRequestBodiesAreRead() throws Exception {
        byte[] body = ("{\"model\":\"qwen2.5:0.5b\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"chunked\"}]}").getBytes(StandardCharsets.UTF_8);
        // An InputStream publisher has no known length: the JDK client sends it chunked, like Spring AI.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(model.uri("/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(model.traffic.requests().get(0).lastUserMessage()).isEqualTo("chunked");
    }

    @Test
    void badRequestsGetOllamaErrors() throws Exception {
        HttpResponse<String> badJson = post("/api/chat", "{not json");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badJson.body()).path("error").asText()).contains("invalid JSON");

        HttpResponse<String> embeddingModelChat = post("/api/chat",
                "{\"model\":\"all-minilm\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(embeddingModelChat.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(post("/v1/chat/completions", "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body())
                .path("error").path("message").asText()).isEqualTo("model 'gpt-9' not found");

        assertThat(get("/api/chat").statusCode()).isEqualTo(405);
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void headIsAnsweredWhereOllamaAnswersItAndErrorsAreJson() throws Exception {
        HttpResponse<String> head = model.send("HEAD", "/", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(model.send("HEAD", "/api/version", null).statusCode()).isEqualTo(200);
        assertThat(model.send("HEAD", "/api/tags", null).statusCode()).isEqualTo(200);
        HttpResponse<String> headPs = model.send("HEAD", "/api/ps", null);
        assertThat(headPs.statusCode()).isEqualTo(405);
        assertThat(headPs.headers().firstValue("Allow")).hasValue("GET");
        assertThat(get("/api/chat").headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> unknown = post("/api/chat", "{\"model\":\"nope\",\"messages\":[]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("model 'nope' not found");
        assertThat(JSON.readTree(post("/api/chat", "{\"messages\":[]}").body()).path("error").asText())
                .isEqualTo("model is required");
    }

    @Test
    void aStallSaysNothingUntilItsTimeThenCloses() throws Exception {
        model.script.onChat().stall(Duration.ofSeconds(1));
        HttpRequest request = HttpRequest.newBuilder(model.uri("/api/chat")).timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);

        long started = System.nanoTime();
        HttpRequest patient = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build();
        assertThatThrownBy(() -> http.send(patient, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(model.traffic.exchanges()).extracting(e -> e.status()).containsOnly(0);
    }

    @Test
    void aDelayedReplyComesAfterItsDelay() throws Exception {
        model.script.onChat().then(dev.labkit.checks.sdk.Reply.delayed(Duration.ofMillis(400),
                dev.labkit.checks.sdk.Reply.text("Slowly.")));
        long started = System.nanoTime();

        HttpResponse<String> response = post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(JSON.readTree(response.body()).path("message").path("content").asText()).isEqualTo("Slowly.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(model.traffic.exchanges().get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aDroppedConnectionFailsTheClientAtOnce() {
        model.script.onChat().dropConnection();

        assertThatThrownBy(() -> post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isInstanceOf(IOException.class);
        assertThat(model.traffic.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.status()).isZero();
            assertThat(e.rule()).isEqualTo("any chat request");
        });
    }

    @Test
    void closingWakesStalledRequests() throws Exception {
        model.script.onChat().stall(Duration.ofMinutes(5));
        var pending = http.sendAsync(HttpRequest.newBuilder(model.uri("/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(model.traffic.awaitChatRequests(1, Duration.ofSeconds(5))).isTrue();

        model.close();

        assertThatThrownBy(() -> pending.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
    }
}
