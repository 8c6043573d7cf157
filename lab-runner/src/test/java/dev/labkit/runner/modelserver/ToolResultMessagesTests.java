package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tool results as clients send them back over HTTP, in each API's forms: the lab model reads every
 * one as a tool result, so lab 03's turn-by-turn script ({@link Match#toolResults}) and its checks
 * see them alike. A result pasted into a user message is not one.
 */
class ToolResultMessagesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLLAMA_CALL = "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_1\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]}";
    private static final String OPENAI_CALL = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}";

    private final ModelServerFixture model = new ModelServerFixture();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void script() {
        model.script.when(Match.toolResults(1)).reply("one tool result");
        model.script.when(Match.toolResults(0)).reply("no tool result");
    }

    @AfterEach
    void stop() {
        model.close();
    }

    /** Sends user, assistant call and {@code result} to {@code path}; the model's reply text. */
    private String reply(String path, String call, String result) throws Exception {
        String body = "{\"model\":\"" + ModelServerFixture.CHAT_MODEL + "\",\"stream\":false,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}," + call + "," + result + "]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(model.uri(path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        return path.startsWith("/v1/") ? answer.path("choices").path(0).path("message").path("content").asText()
                : answer.path("message").path("content").asText();
    }

    private List<String> toolResultsReceived() {
        return model.traffic.lastChatRequest().orElseThrow().toolResults().stream().map(Message::content).toList();
    }

    @Test
    void ollamaToolMessagesCountWithOrWithoutAToolNameOrCallId() throws Exception {
        for (String result : List.of("{\"role\":\"tool\",\"content\":\"snow\"}",
                "{\"role\":\"tool\",\"tool_name\":\"get_weather\",\"content\":\"snow\"}",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"snow\"}")) {
            assertThat(reply("/api/chat", OLLAMA_CALL, result)).as(result).isEqualTo("one tool result");
            assertThat(toolResultsReceived()).as(result).containsExactly("snow");
        }
    }

    @Test
    void openAiToolMessagesCountWithTextOrTextParts() throws Exception {
        for (String result : List.of("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"snow\"}",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":[{\"type\":\"text\",\"text\":\"snow\"}]}")) {
            assertThat(reply("/v1/chat/completions", OPENAI_CALL, result)).as(result).isEqualTo("one tool result");
            assertThat(toolResultsReceived()).as(result).containsExactly("snow");
        }
    }

    @Test
    void aResultPastedIntoAUserMessageIsNotAToolResult() throws Exception {
        assertThat(reply("/api/chat", OLLAMA_CALL, "{\"role\":\"user\",\"content\":\"Tool result: snow\"}"))
                .isEqualTo("no tool result");
        assertThat(toolResultsReceived()).isEmpty();
    }
}
