package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.Reply;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token counts each answer reports, read off the wire, are the recorded {@link ModelExchange#usage()};
 * null where the answer reports none. The counts are the lab model's tokens ({@link Tokens}): the same
 * request and reply always give the same counts.
 */
class TokenUsageTests {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"system\",\"content\":\"You are Tally, a bookkeeper.\"},"
            + "{\"role\":\"user\",\"content\":\"What is a ledger?\"}]";
    private static final String OLLAMA = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false," + MESSAGES + "}";
    private static final String OLLAMA_STREAM = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":true," + MESSAGES + "}";
    private static final String OPENAI = "{\"model\":\"" + CHAT_MODEL + "\"," + MESSAGES + "}";
    private static final String OPENAI_STREAM_USAGE = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}," + MESSAGES + "}";
    private static final String OPENAI_STREAM = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":true," + MESSAGES + "}";
    private static final String REPLY = "A ledger is the book of accounts.";

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    private TokenUsage recorded(int index) {
        return model.traffic.exchanges().get(index).usage();
    }

    @Test
    void ollamasCountsInAWholeAnswerAndInAStreamsLastChunkAreTheRecordedUsage() throws Exception {
        model.script.onChat().reply(REPLY);

        JsonNode whole = model.postJson("/api/chat", OLLAMA);
        List<JsonNode> chunks = ModelServerFixture.lines(model.post("/api/chat", OLLAMA_STREAM).body());
        JsonNode last = chunks.get(chunks.size() - 1);

        assertThat(recorded(0)).isEqualTo(new TokenUsage(whole.get("prompt_eval_count").asInt(),
                whole.get("eval_count").asInt()));
        assertThat(recorded(1)).isEqualTo(new TokenUsage(last.get("prompt_eval_count").asInt(),
                last.get("eval_count").asInt()));
        assertThat(recorded(0)).as("the lab model's tokens: words of the messages, words of the reply")
                .isEqualTo(new TokenUsage(Tokens.count("You are Tally, a bookkeeper.") + Tokens.count("What is a ledger?"),
                        Tokens.count(REPLY)));
        assertThat(recorded(1)).isEqualTo(recorded(0));
    }

    @Test
    void openAisUsageInAWholeAnswerAndInAStreamsUsageChunkIsTheRecordedUsage() throws Exception {
        model.script.onChat().reply(REPLY);

        JsonNode whole = model.postJson("/v1/chat/completions", OPENAI).get("usage");
        List<JsonNode> events = ModelServerFixture.events(model.post("/v1/chat/completions", OPENAI_STREAM_USAGE).body());
        JsonNode streamed = events.get(events.size() - 1).get("usage");
        model.post("/v1/chat/completions", OPENAI_STREAM);

        assertThat(recorded(0)).isEqualTo(new TokenUsage(whole.get("prompt_tokens").asInt(),
                whole.get("completion_tokens").asInt()));
        assertThat(recorded(1)).isEqualTo(new TokenUsage(streamed.get("prompt_tokens").asInt(),
                streamed.get("completion_tokens").asInt()));
        assertThat(recorded(2)).as("a stream without include_usage reports no counts").isNull();
    }

    @Test
    void toolCallsDefaultAnswersAndEmbeddingsRecordWhatTheyReport() throws Exception {
        model.script.onChat().sequence(Reply.toolCall("balance", Map.of("account", "7")), Reply.useDefault());

        JsonNode toolCall = model.postJson("/api/chat", OLLAMA);
        JsonNode byDefault = model.postJson("/api/chat", OLLAMA);
        JsonNode embedded = model.postJson("/api/embed", "{\"model\":\"all-minilm\",\"input\":[\"a ledger\",\"a bill\"]}");
        JsonNode openAiEmbedded = model.postJson("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":\"a ledger\"}");

        assertThat(recorded(0)).isEqualTo(new TokenUsage(toolCall.get("prompt_eval_count").asInt(),
                toolCall.get("eval_count").asInt()));
        assertThat(recorded(1)).isEqualTo(new TokenUsage(byDefault.get("prompt_eval_count").asInt(),
                byDefault.get("eval_count").asInt()));
        assertThat(recorded(2)).isEqualTo(new TokenUsage(embedded.get("prompt_eval_count").asInt(), 0));
        assertThat(recorded(3)).isEqualTo(new TokenUsage(openAiEmbedded.path("usage").get("prompt_tokens").asInt(), 0));
    }

    @Test
    void failuresDropsStallsAndBrokenStreamsRecordNoUsage() throws Exception {
        model.script.onChat().sequence(Reply.failure(503), Reply.drop(), Reply.stall(Duration.ofMillis(50)),
                Reply.brokenStream(Reply.failure(500), "A "));

        model.post("/api/chat", OLLAMA);
        assertThatThrownBy(() -> model.post("/api/chat", OLLAMA)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> model.post("/api/chat", OLLAMA)).isInstanceOf(IOException.class);
        model.post("/api/chat", OLLAMA_STREAM);

        assertThat(model.traffic.exchanges()).hasSize(4).extracting(ModelExchange::usage).containsOnlyNulls();
    }

    @Test
    void theSameRequestAndReplyAlwaysReportTheSameCountsAndLangchain4jReadsThem() {
        OllamaChatModel ollama = OllamaChatModel.builder().baseUrl(model.baseUrl()).modelName(CHAT_MODEL)
                .timeout(Duration.ofSeconds(10)).maxRetries(0).build();
        model.script.onChat().reply(REPLY);

        ChatResponse first = ollama.chat(SystemMessage.from("You are Tally."), UserMessage.from("What is a ledger?"));
        ChatResponse second = ollama.chat(SystemMessage.from("You are Tally."), UserMessage.from("What is a ledger?"));

        assertThat(recorded(0)).isEqualTo(recorded(1));
        assertThat(recorded(0)).isEqualTo(new TokenUsage(first.tokenUsage().inputTokenCount(),
                first.tokenUsage().outputTokenCount()));
        assertThat(second.tokenUsage()).isEqualTo(first.tokenUsage());
    }

    @Test
    void aRealModelsCountsAreReadFromItsAnswerTheLastOnesOfAStream() {
        String ollamaStream = """
                {"message":{"role":"assistant","content":"A "},"done":false}
                {"message":{"role":"assistant","content":""},"done":true,"prompt_eval_count":31,"eval_count":7}
                """;
        String openAiStream = """
                data: {"choices":[{"delta":{"content":"A"}}],"usage":{"prompt_tokens":0,"completion_tokens":0}}

                data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}

                data: [DONE]
                """;

        assertThat(Upstream.read(200, ollamaStream).usage()).isEqualTo(new TokenUsage(31, 7));
        assertThat(Upstream.read(200, openAiStream).usage()).isEqualTo(new TokenUsage(12, 3));
        assertThat(Upstream.read(500, "{\"error\":\"boom\"}").usage()).isNull();
    }
}
