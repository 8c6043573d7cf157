package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code /v1} API as Ollama 0.12.6's compatibility layer answers it, and OpenAI where Ollama follows it. */
class OpenAiCompatibilityTests {

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    private static String chat(String extra) {
        return "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]" + extra + "}";
    }

    @Test
    void aStreamEndsWithAUsageChunkOnlyWhenItIsAskedFor() throws Exception {
        model.script.onChat().stream("Water ", "deeply.");

        List<JsonNode> plain = ModelServerFixture.events(model.post("/v1/chat/completions", chat(",\"stream\":true")).body());
        assertThat(plain).isNotEmpty().allSatisfy(chunk -> assertThat(chunk.path("choices")).hasSize(1));
        assertThat(plain).noneSatisfy(chunk -> assertThat(chunk.has("usage")).isTrue());

        List<JsonNode> withUsage = ModelServerFixture.events(model.post("/v1/chat/completions",
                chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}")).body());
        JsonNode last = withUsage.get(withUsage.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(withUsage.subList(0, withUsage.size() - 1)).allSatisfy(c -> assertThat(c.path("choices")).hasSize(1));

        List<JsonNode> notAsked = ModelServerFixture.events(model.post("/v1/chat/completions",
                chat(",\"stream\":true,\"stream_options\":{\"include_usage\":false}")).body());
        assertThat(notAsked).allSatisfy(chunk -> assertThat(chunk.path("choices")).hasSize(1));
    }

    @Test
    void completionsAnswerJsonAsOllamaDoes() throws Exception {
        model.script.onChat().reply("Compost it.");

        JsonNode answer = model.postJson("/v1/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":\"Leaves?\"}");

        assertThat(answer.path("id").asText()).startsWith("cmpl-");
        assertThat(answer.path("object").asText()).isEqualTo("text_completion");
        assertThat(answer.path("model").asText()).isEqualTo(CHAT_MODEL);
        JsonNode choice = answer.path("choices").get(0);
        assertThat(choice.path("text").asText()).isEqualTo("Compost it.");
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(model.traffic.requests()).singleElement().satisfies(r -> {
            assertThat(r.endpoint()).isEqualTo("/v1/completions");
            assertThat(r.kind()).isEqualTo("generate");
            assertThat(r.lastUserMessage()).isEqualTo("Leaves?");
        });
    }

    @Test
    void completionsStreamAsServerSentEvents() throws Exception {
        model.script.onChat().stream("Compost ", "it.");

        HttpResponse<String> response = model.post("/v1/completions", "{\"model\":\"" + CHAT_MODEL
                + "\",\"prompt\":\"Leaves?\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> events = ModelServerFixture.events(response.body());
        assertThat(events).extracting(e -> e.path("choices").path(0).path("text").asText())
                .startsWith("Compost ", "it.");
        assertThat(events.get(events.size() - 2).path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(events.get(events.size() - 1).path("choices")).isEmpty();
        assertThat(events.get(events.size() - 1).path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(model.post("/v1/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":[\"a\"]}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aModelCanBeRetrievedAndAnUnknownOneIsA404InOpenAisShape() throws Exception {
        JsonNode retrieved = ModelServerFixture.JSON.readTree(model.get("/v1/models/" + CHAT_MODEL).body());
        assertThat(retrieved.path("id").asText()).isEqualTo(CHAT_MODEL);
        assertThat(retrieved.path("object").asText()).isEqualTo("model");
        assertThat(retrieved.path("owned_by").asText()).isEqualTo("library");
        assertThat(retrieved.path("created").asLong()).isPositive();

        HttpResponse<String> unknown = model.get("/v1/models/gpt-9");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = ModelServerFixture.JSON.readTree(unknown.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("model 'gpt-9' not found");
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(model.get("/v1/models/a/b").statusCode()).isEqualTo(404);
        assertThat(model.post("/v1/models/" + CHAT_MODEL, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() throws Exception {
        model.script.onChat().reply("Water them deeply twice a week.");

        for (String limit : List.of("max_tokens", "max_completion_tokens")) {
            JsonNode answer = model.postJson("/v1/chat/completions", chat(",\"" + limit + "\":3"));
            assertThat(answer.path("choices").get(0).path("message").path("content").asText()).as(limit)
                    .isEqualTo("Water them deeply");
            assertThat(answer.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
            assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
        }
        List<JsonNode> stream = ModelServerFixture.events(model.post("/v1/chat/completions",
                chat(",\"max_tokens\":2,\"stream\":true")).body());
        assertThat(stream).extracting(e -> e.path("choices").get(0).path("delta").path("content").asText(""))
                .containsExactly("Water ", "them", "");
        assertThat(stream.get(stream.size() - 1).path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        JsonNode completion = model.postJson("/v1/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":\"q\",\"max_tokens\":1}");
        assertThat(completion.path("choices").get(0).path("text").asText()).isEqualTo("Water");
        assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(model.traffic.exchanges().get(0).reply()).isEqualTo("Water them deeply");
    }

    @Test
    void messagesOllamaCannotReadAreRefusedWithItsMessages() throws Exception {
        Map<String, String> refused = Map.of(
                "{\"role\":\"user\",\"content\":null}", "invalid message content type: <nil>",
                "{\"role\":\"user\"}", "invalid message content type: <nil>",
                "{\"role\":\"user\",\"content\":42}", "invalid message content type: float64",
                "{\"role\":\"user\",\"content\":[{\"type\":\"audio\"}]}", "invalid message format",
                "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\"}}]}",
                "invalid image input",
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"not json\"}}]}", "invalid tool call arguments");
        for (var message : refused.entrySet()) {
            HttpResponse<String> response = model.post("/v1/chat/completions", "{\"model\":\"" + CHAT_MODEL
                    + "\",\"messages\":[" + message.getKey() + "]}");
            assertThat(response.statusCode()).as(message.getKey()).isEqualTo(400);
            JsonNode error = ModelServerFixture.JSON.readTree(response.body()).path("error");
            assertThat(error.path("message").asText()).as(message.getKey()).isEqualTo(message.getValue());
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void anAssistantToolCallWithNoContentAndAToolResultAreRead() throws Exception {
        HttpResponse<String> response = model.post("/v1/chat/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Lyon?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"Sunny, 21 C\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(model.traffic.requests().get(0).messages().get(1).toolCalls().get(0).arguments())
                .isEqualTo(Map.of("city", "Lyon"));
    }

    @Test
    void toolCallIdsNeverRepeat() throws Exception {
        model.script.onChat().callTool("get_weather", Map.of("city", "Lyon"));

        String first = model.postJson("/v1/chat/completions", chat("")).path("choices").get(0).path("message")
                .path("tool_calls").get(0).path("id").asText();
        model.traffic.reset(); // a new check: request numbers start again at 1
        String second = model.postJson("/v1/chat/completions", chat("")).path("choices").get(0).path("message")
                .path("tool_calls").get(0).path("id").asText();

        assertThat(first).matches("call_[a-z0-9]{8}");
        assertThat(second).matches("call_[a-z0-9]{8}").isNotEqualTo(first);
    }
}
