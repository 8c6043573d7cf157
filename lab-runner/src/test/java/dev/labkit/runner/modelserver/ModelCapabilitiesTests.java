package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each served model can do, as {@code /api/show} says and as its answers show: thinking,
 * tools, token limits, {@code context}, and Ollama's 400s for what a model cannot do.
 */
class ModelCapabilitiesTests {

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"How should I water basil?\"}]";

    private final ModelServerFixture model = new ModelServerFixture(
            Set.of("qwen2.5:0.5b", "qwen3:0.6b", "gpt-oss:20b", "gemma3:4b", "qwen2.5-coder:1.5b", "some-chat-model"),
            Set.of("all-minilm"));

    @AfterEach
    void stop() {
        model.close();
    }

    private JsonNode error(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return ModelServerFixture.JSON.readTree(response.body()).path("error");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {"qwen2.5:0.5b; completion tools; qwen2", "qwen3:0.6b; completion tools thinking; qwen3",
            "gpt-oss:20b; completion tools thinking; gptoss", "gemma3:4b; completion vision; gemma3",
            "qwen2.5-coder:1.5b; completion tools insert; qwen2", "some-chat-model; completion tools; labkit",
            "all-minilm; embedding; bert"})
    void showSaysWhatTheModelCanDo(String name, String capabilities, String architecture) throws Exception {
        JsonNode show = model.postJson("/api/show", "{\"model\":\"" + name + "\"}");

        assertThat(show.path("capabilities")).extracting(JsonNode::asText)
                .containsExactly(capabilities.split(" "));
        assertThat(show.path("model_info").path("general.architecture").asText()).isEqualTo(architecture);
        assertThat(show.path("details").path("family").asText()).isEqualTo(architecture);
    }

    @Test
    void showNamesTheParameterSizeFromTheTagAndTheContextLengthFromTheLibrary() throws Exception {
        JsonNode show = model.postJson("/api/show", "{\"name\":\"qwen2.5:0.5b\"}");

        assertThat(show.path("details").path("parameter_size").asText()).isEqualTo("0.5B");
        assertThat(show.path("model_info").path("qwen2.context_length").asInt()).isEqualTo(32_768);
        assertThat(model.post("/api/show", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void thinkOnAModelThatCannotThinkIsOllamas400() throws Exception {
        for (String think : List.of("true", "\"high\"")) {
            assertThat(error(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"think\":" + think + "," + USER + "}"))
                    .asText()).isEqualTo("\"qwen2.5:0.5b\" does not support thinking");
        }
        assertThat(error(model.post("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"think\":true,\"prompt\":\"x\"}"))
                .asText()).isEqualTo("\"qwen2.5:0.5b\" does not support thinking");
        assertThat(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"think\":false,\"stream\":false," + USER + "}")
                .statusCode()).isEqualTo(200);
        assertThat(error(model.post("/v1/chat/completions", "{\"model\":\"qwen2.5:0.5b\",\"reasoning_effort\":\"low\","
                + USER + "}")).path("message").asText()).isEqualTo("\"qwen2.5:0.5b\" does not support thinking");
        assertThat(model.traffic.exchanges()).first().satisfies(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.rule()).isEqualTo("model cannot think");
        });
    }

    @Test
    void aThinkingModelThinksBeforeItAnswersUnlessToldNotTo() throws Exception {
        model.script.onChat().reply("Water at the roots.");

        JsonNode answer = model.postJson("/api/chat", "{\"model\":\"qwen3:0.6b\",\"stream\":false," + USER + "}");
        assertThat(answer.path("message").path("thinking").asText()).isEqualTo(Responder.THINKING);
        assertThat(answer.path("message").path("content").asText()).isEqualTo("Water at the roots.");

        JsonNode notThinking = model.postJson("/api/chat", "{\"model\":\"qwen3:0.6b\",\"stream\":false,\"think\":false," + USER + "}");
        assertThat(notThinking.path("message").has("thinking")).isFalse();

        JsonNode generated = model.postJson("/api/generate", "{\"model\":\"qwen3:0.6b\",\"stream\":false,\"think\":true,"
                + "\"prompt\":\"Water?\"}");
        assertThat(generated.path("thinking").asText()).isEqualTo(Responder.THINKING);
        assertThat(generated.path("response").asText()).isEqualTo("Water at the roots.");

        JsonNode openAi = model.postJson("/v1/chat/completions", "{\"model\":\"qwen3:0.6b\"," + USER + "}");
        assertThat(openAi.path("choices").get(0).path("message").path("reasoning").asText()).isEqualTo(Responder.THINKING);
    }

    @Test
    void aThinkingModelStreamsItsThinkingFirst() throws Exception {
        model.script.onChat().reply("Water at the roots.");

        List<JsonNode> lines = ModelServerFixture.lines(model.post("/api/chat", "{\"model\":\"qwen3:0.6b\"," + USER + "}").body());

        String thinking = lines.stream().map(l -> l.path("message").path("thinking").asText("")).reduce("", String::concat);
        String content = lines.stream().map(l -> l.path("message").path("content").asText("")).reduce("", String::concat);
        assertThat(thinking).isEqualTo(Responder.THINKING);
        assertThat(content).isEqualTo("Water at the roots.");
        assertThat(lines.get(0).path("message").path("content").asText()).isEmpty();
        assertThat(lines.get(lines.size() - 1).path("done").asBoolean()).isTrue();
    }

    @Test
    void aThinkLevelIsForGptOssOnly() throws Exception {
        assertThat(error(model.post("/api/chat", "{\"model\":\"qwen3:0.6b\",\"think\":\"high\"," + USER + "}")).asText())
                .isEqualTo("think value \"high\" is not supported for this model");
        assertThat(model.post("/api/chat", "{\"model\":\"gpt-oss:20b\",\"think\":\"high\",\"stream\":false," + USER + "}")
                .statusCode()).isEqualTo(200);
        assertThat(error(model.post("/api/chat", "{\"model\":\"gpt-oss:20b\",\"think\":\"max\"," + USER + "}")).asText())
                .isEqualTo("invalid think value: \"max\" (must be \"high\", \"medium\", \"low\", true, or false)");
    }

    @Test
    void toolsOnAModelWithoutToolsAreRefusedAsOllamaRefusesThem() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{}}}]";

        assertThat(error(model.post("/api/chat", "{\"model\":\"gemma3:4b\"," + USER + tools + "}")).asText())
                .isEqualTo("registry.ollama.ai/library/gemma3:4b does not support tools");
        assertThat(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false," + USER + tools + "}").statusCode())
                .isEqualTo(200);
        assertThat(error(model.post("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"def f(\",\"suffix\":\")\"}"))
                .asText()).isEqualTo("registry.ollama.ai/library/qwen2.5:0.5b does not support insert");
    }

    @Test
    void numPredictCutsTheAnswerWithDoneReasonLengthInEveryMode() throws Exception {
        model.script.onChat().reply("Water them deeply twice a week.");
        String limited = "\"options\":{\"num_predict\":3},";

        JsonNode once = model.postJson("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false," + limited + USER + "}");
        assertThat(once.path("message").path("content").asText()).isEqualTo("Water them deeply");
        assertThat(once.path("done_reason").asText()).isEqualTo("length");
        assertThat(once.path("eval_count").asInt()).isEqualTo(3);

        List<JsonNode> streamed = ModelServerFixture.lines(model.post("/api/chat",
                "{\"model\":\"qwen2.5:0.5b\"," + limited + USER + "}").body());
        assertThat(streamed).extracting(l -> l.path("message").path("content").asText())
                .containsExactly("Water ", "them ", "deeply", "");
        assertThat(streamed.get(3).path("done_reason").asText()).isEqualTo("length");

        JsonNode generated = model.postJson("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,\"prompt\":\"x\","
                + "\"options\":{\"num_predict\":1}}");
        assertThat(generated.path("response").asText()).isEqualTo("Water");
        assertThat(generated.path("done_reason").asText()).isEqualTo("length");

        JsonNode enough = model.postJson("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,"
                + "\"options\":{\"num_predict\":60}," + USER + "}");
        assertThat(enough.path("done_reason").asText()).isEqualTo("stop");
        assertThat(error(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"options\":{\"num_predict\":\"3\"},"
                + USER + "}")).asText()).isEqualTo("option \"num_predict\" must be of type integer");
    }

    @Test
    void aThinkingModelsLimitCountsItsThinkingFirst() throws Exception {
        JsonNode answer = model.postJson("/api/chat", "{\"model\":\"qwen3:0.6b\",\"stream\":false,"
                + "\"options\":{\"num_predict\":4}," + USER + "}");

        assertThat(answer.path("message").path("thinking").asText()).isEqualTo("The answer should come");
        assertThat(answer.path("message").path("content").asText()).isEmpty();
        assertThat(answer.path("done_reason").asText()).isEqualTo("length");
    }

    @Test
    void generateEndsWithTheContextUnlessRaw() throws Exception {
        model.script.onChat().reply("Compost it.");

        JsonNode once = model.postJson("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,\"prompt\":\"Leaves?\"}");
        assertThat(once.path("context").isArray()).isTrue();
        assertThat(once.path("context")).hasSize(3).allSatisfy(id -> assertThat(id.isInt()).isTrue());

        List<JsonNode> streamed = ModelServerFixture.lines(model.post("/api/generate",
                "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"Leaves?\"}").body());
        assertThat(streamed.get(streamed.size() - 1).path("context")).isEqualTo(once.path("context"));
        assertThat(streamed.subList(0, streamed.size() - 1)).noneSatisfy(l -> assertThat(l.has("context")).isTrue());

        JsonNode raw = model.postJson("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,\"raw\":true,"
                + "\"prompt\":\"Leaves?\"}");
        assertThat(raw.has("context")).isFalse();
        assertThat(error(model.post("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"raw\":true,\"system\":\"s\","
                + "\"prompt\":\"p\"}")).asText()).isEqualTo("raw mode does not support template, system, or context");
        assertThat(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false," + USER + "}").body())
                .doesNotContain("\"context\"");
    }

    @Test
    void aFormatThatIsNeitherJsonNorASchemaIsOllamasError() throws Exception {
        assertThat(error(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"format\":\"xml\"," + USER + "}")).asText())
                .isEqualTo("invalid format: \"\\\"xml\\\"\"; expected \"json\" or a valid JSON Schema object");
        assertThat(model.post("/api/chat", "{\"model\":\"qwen2.5:0.5b\",\"stream\":false,\"format\":\"\"," + USER + "}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void modelNamesAreFoundWhateverTheirCaseAsInOllama() throws Exception {
        assertThat(model.post("/api/chat", "{\"model\":\"Qwen2.5:0.5B\",\"stream\":false," + USER + "}").statusCode())
                .isEqualTo(200);
    }
}
