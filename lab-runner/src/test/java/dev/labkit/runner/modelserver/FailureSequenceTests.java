package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.Reply;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failure sequences ({@link Reply.Sequence}, {@code failThenReply}): a rule's replies in turn, one per
 * request it answers, over real HTTP and through langchain4j's clients (which the lab 05 apps use with
 * {@code maxRetries(0)}, retrying themselves).
 */
class FailureSequenceTests {

    private static final String CHAT = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What do I owe?\"}]}";
    private static final String STREAMED_CHAT = CHAT.replace("\"stream\":false", "\"stream\":true");

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    @Test
    void failThenReplyFailsTheFirstRequestsThenAnswersEveryLaterOne() throws Exception {
        model.script.onChat().failThenReply(2, 503, "Your balance is zero.");

        List<Integer> statuses = new java.util.ArrayList<>();
        String answer = "";
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = model.post("/api/chat", CHAT);
            statuses.add(response.statusCode());
            answer = ModelServerFixture.JSON.readTree(response.body()).path("message").path("content").asText();
        }

        assertThat(statuses).containsExactly(503, 503, 200, 200);
        assertThat(answer).isEqualTo("Your balance is zero.");
        assertThat(model.traffic.exchanges()).extracting(ModelExchange::status).containsExactly(503, 503, 200, 200);
    }

    @Test
    void everyKindOfReplyCanBeAnElementAndEachRequestTakesOne() throws Exception {
        model.script.onChat().sequence(Reply.failure(502), Reply.drop(), Reply.stall(Duration.ofMillis(200)),
                Reply.delayed(Duration.ofMillis(100), Reply.text("Slowly.")), Reply.text("Quickly."),
                Reply.toolCall("balance", Map.of("account", "42")),
                Reply.brokenStream(Reply.failure(500), "Half "), Reply.useDefault());

        assertThat(model.post("/api/chat", CHAT).statusCode()).isEqualTo(502);
        assertThatThrownBy(() -> model.post("/api/chat", CHAT)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> model.post("/api/chat", CHAT)).isInstanceOf(IOException.class);
        assertThat(content(model.post("/api/chat", CHAT))).isEqualTo("Slowly.");
        assertThat(content(model.post("/api/chat", CHAT))).isEqualTo("Quickly.");
        JsonNode toolCall = ModelServerFixture.JSON.readTree(model.post("/api/chat", CHAT).body())
                .path("message").path("tool_calls").path(0).path("function");
        assertThat(toolCall.path("name").asText()).isEqualTo("balance");
        HttpResponse<String> broken = model.post("/api/chat", STREAMED_CHAT);
        assertThat(ModelServerFixture.lines(broken.body())).extracting(line -> line.has("error"))
                .containsExactly(false, true);
        String byDefault = content(model.post("/api/chat", CHAT));
        String again = content(model.post("/api/chat", CHAT));

        assertThat(again).as("the last element repeats").isEqualTo(byDefault);
        assertThat(model.traffic.exchanges()).extracting(ModelExchange::status)
                .containsExactly(502, 0, 0, 200, 200, 200, 200, 200, 200);
        assertThat(model.traffic.exchanges()).extracting(ModelExchange::rule).containsOnly("any chat request");
        assertThat(model.traffic.exchanges().get(2).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(model.traffic.exchanges().get(3).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aRequestTheModelRefusesOrAnotherRuleAnswersDoesNotAdvanceTheSequence() throws Exception {
        model.script.when(Match.lastUserMessageContains("hello")).reply("Hi.");
        model.script.onChat().failThenReply(1, 503, "Paid.");

        assertThat(model.post("/api/chat", CHAT.replace(CHAT_MODEL, "llama9")).statusCode()).isEqualTo(404);
        assertThat(model.post("/api/chat", CHAT.replace("What do I owe?", "hello")).statusCode()).isEqualTo(200);
        assertThat(model.post("/api/chat", CHAT).statusCode()).isEqualTo(503);
        assertThat(content(model.post("/api/chat", CHAT))).isEqualTo("Paid.");
    }

    @Test
    void aSequenceInsideADelayTakesTheElementOfItsRequest() throws Exception {
        model.script.onChat().then(Reply.delayed(Duration.ofMillis(50),
                Reply.sequence(Reply.failure(503), Reply.text("Later."))));

        assertThat(model.post("/api/chat", CHAT).statusCode()).isEqualTo(503);
        assertThat(content(model.post("/api/chat", CHAT))).isEqualTo("Later.");
    }

    @Test
    void speechRequestsTakeTheirSequenceToo() throws Exception {
        AudioClient audio = new AudioClient(model.server.speechBaseUrl());
        model.script.onSpeech().sequence(Reply.failure(503), Reply.drop(), Reply.failure(500));
        String speech = "{\"model\": \"tts-1\", \"input\": \"Hello\", \"voice\": \"alloy\"}";

        assertThat(audio.speech(speech).statusCode()).isEqualTo(503);
        assertThatThrownBy(() -> audio.speech(speech)).isInstanceOf(IOException.class);
        assertThat(audio.speech(speech).statusCode()).isEqualTo(500);
        assertThat(audio.speech(speech).statusCode()).isEqualTo(500);
    }

    @Test
    void langchain4jOllamaChatModelWithoutRetriesSeesEachFailureThenTheAnswer() {
        ChatModel ollama = OllamaChatModel.builder().baseUrl(model.baseUrl()).modelName(CHAT_MODEL)
                .timeout(Duration.ofSeconds(10)).maxRetries(0).build();
        model.script.onChat().failThenReply(2, 503, "Your invoice is paid.");

        assertThatThrownBy(() -> ollama.chat(UserMessage.from("Is my invoice paid?"))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ollama.chat(UserMessage.from("Is my invoice paid?"))).isInstanceOf(RuntimeException.class);
        assertThat(ollama.chat(UserMessage.from("Is my invoice paid?")).aiMessage().text())
                .isEqualTo("Your invoice is paid.");
        assertThat(model.traffic.chatRequests()).hasSize(3);
    }

    @Test
    void langchain4jOpenAiChatModelWithoutRetriesSeesADroppedConnectionThenTheAnswer() {
        ChatModel openAi = OpenAiChatModel.builder().baseUrl(model.baseUrl() + "/v1").apiKey("not-needed")
                .modelName(CHAT_MODEL).timeout(Duration.ofSeconds(10)).maxRetries(0).build();
        model.script.onChat().sequence(Reply.drop(), Reply.text("Your invoice is paid."));

        assertThatThrownBy(() -> openAi.chat(UserMessage.from("Is my invoice paid?"))).isInstanceOf(RuntimeException.class);
        assertThat(openAi.chat(UserMessage.from("Is my invoice paid?")).aiMessage().text())
                .isEqualTo("Your invoice is paid.");
        assertThat(model.traffic.exchanges()).extracting(ModelExchange::status).containsExactly(0, 200);
    }

    private static String content(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ModelServerFixture.JSON.readTree(response.body()).path("message").path("content").asText();
    }
}
