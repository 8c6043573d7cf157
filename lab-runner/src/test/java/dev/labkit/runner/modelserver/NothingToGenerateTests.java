package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests with nothing to generate: Ollama's documented way to load a model (a chat with no
 * messages, a generate with no prompt) and to unload it ({@code keep_alive} 0), and a conversation
 * with only a system prompt. Each used to answer {@code 500 lab model fault: NullPointerException}.
 */
class NothingToGenerateTests {

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    @Test
    void aChatWithNoMessagesLoadsTheModelInOneObjectEvenWhenAStreamIsAsked() throws Exception {
        HttpResponse<String> response = model.post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode answer = ModelServerFixture.JSON.readTree(response.body());
        assertThat(answer.path("model").asText()).isEqualTo(CHAT_MODEL);
        assertThat(answer.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(answer.path("message").path("content").asText()).isEmpty();
        assertThat(answer.path("done").asBoolean()).isTrue();
        assertThat(answer.path("done_reason").asText()).isEqualTo("load");
        assertThat(model.traffic.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.rule()).isEqualTo("load");
        });
    }

    @ParameterizedTest(name = "keep_alive {0}")
    @ValueSource(strings = {"0", "0.0", "\"0\"", "\"0s\"", "\"0m\""})
    void aChatWithNoMessagesAndKeepAliveZeroUnloadsTheModel(String keepAlive) throws Exception {
        JsonNode answer = model.postJson("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[],\"keep_alive\":"
                + keepAlive + "}");

        assertThat(answer.path("done_reason").asText()).isEqualTo("unload");
        assertThat(answer.path("done").asBoolean()).isTrue();
    }

    @Test
    void anotherKeepAliveStillLoadsAndAMalformedOneIsAnOllamaError() throws Exception {
        assertThat(model.postJson("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[],\"keep_alive\":\"5m\"}")
                .path("done_reason").asText()).isEqualTo("load");
        assertThat(model.postJson("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[],\"keep_alive\":-1}")
                .path("done_reason").asText()).isEqualTo("load");

        HttpResponse<String> noUnit = model.post("/api/chat", "{\"model\":\"" + CHAT_MODEL
                + "\",\"messages\":[],\"keep_alive\":\"5\"}");
        assertThat(noUnit.statusCode()).isEqualTo(400);
        assertThat(ModelServerFixture.JSON.readTree(noUnit.body()).path("error").asText())
                .isEqualTo("time: missing unit in duration \"5\"");
    }

    @Test
    void aSystemPromptAloneGetsANormalAnswer() throws Exception {
        JsonNode answer = model.postJson("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are Sprout, a gardening assistant.\"}]}");

        assertThat(answer.path("done_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("message").path("content").asText()).isNotEmpty();
        assertThat(model.post("/v1/chat/completions", "{\"model\":\"" + CHAT_MODEL + "\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are Sprout.\"}]}").statusCode()).isEqualTo(200);
    }

    @Test
    void aGenerateWithNoPromptLoadsAndWithKeepAliveZeroUnloads() throws Exception {
        JsonNode load = model.postJson("/api/generate", "{\"model\":\"" + CHAT_MODEL + "\"}");
        assertThat(load.path("response").asText()).isEmpty();
        assertThat(load.path("done").asBoolean()).isTrue();
        assertThat(load.path("done_reason").asText()).isEqualTo("load");
        assertThat(load.has("context")).isFalse();

        JsonNode unload = model.postJson("/api/generate", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":\"\",\"keep_alive\":0}");
        assertThat(unload.path("done_reason").asText()).isEqualTo("unload");
    }

    @Test
    void anEmbeddingModelCanBeUnloadedButNotLoadedForChat() throws Exception {
        assertThat(model.postJson("/api/chat", "{\"model\":\"all-minilm\",\"messages\":[],\"keep_alive\":0}")
                .path("done_reason").asText()).isEqualTo("unload");

        HttpResponse<String> load = model.post("/api/chat", "{\"model\":\"all-minilm\",\"messages\":[]}");
        assertThat(load.statusCode()).isEqualTo(400);
        assertThat(ModelServerFixture.JSON.readTree(load.body()).path("error").asText())
                .isEqualTo("\"all-minilm\" does not support chat");
        assertThat(ModelServerFixture.JSON.readTree(model.post("/api/generate", "{\"model\":\"all-minilm\",\"prompt\":\"x\"}")
                .body()).path("error").asText()).isEqualTo("\"all-minilm\" does not support generate");
    }

    @Test
    void anOpenAiCompletionWithAnEmptyPromptIsALoadWithNoText() throws Exception {
        JsonNode answer = model.postJson("/v1/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":\"\"}");

        assertThat(answer.path("object").asText()).isEqualTo("text_completion");
        assertThat(answer.path("choices").get(0).path("text").asText()).isEmpty();
        assertThat(answer.path("choices").get(0).path("finish_reason").asText()).isEqualTo("load");
    }

    @Test
    void anOpenAiChatWithNoMessagesIsRefusedAsOllamaRefusesIt() throws Exception {
        HttpResponse<String> response = model.post("/v1/chat/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = ModelServerFixture.JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("[] is too short - 'messages'");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(model.traffic.requests()).isEmpty();
    }

    @Test
    void aScriptedFailureStillAppliesToALoad() throws Exception {
        model.script.onChat().fail(503);

        assertThat(model.post("/api/chat", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[]}").statusCode()).isEqualTo(503);
    }
}
