package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static dev.labkit.runner.modelserver.ModelServerFixture.EMBEDDING_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * langchain4j's own Ollama and OpenAI clients, over real HTTP, against the lab model. These
 * clients are not ours: passing here is what "a faithful Ollama" means.
 */
class LangChain4jClientsTests {

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    private OllamaChatModel ollamaChat() {
        return OllamaChatModel.builder().baseUrl(model.baseUrl()).modelName(CHAT_MODEL)
                .timeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void ollamaChatModelGetsTheScriptedReplyAndIsRecorded() {
        model.script.when(Match.lastUserMessageContains("tomato")).reply("Water tomatoes deeply, twice a week.");

        ChatResponse response = ollamaChat().chat(SystemMessage.from("You are Sprout."),
                UserMessage.from("How often do I water a tomato?"));

        assertThat(response.aiMessage().text()).isEqualTo("Water tomatoes deeply, twice a week.");
        assertThat(response.tokenUsage().totalTokenCount()).isPositive();
        ModelRequest request = model.traffic.requests().get(0);
        assertThat(request.api()).isEqualTo("ollama");
        assertThat(request.model()).isEqualTo(CHAT_MODEL);
        assertThat(request.stream()).isFalse();
        assertThat(request.systemPrompt()).isEqualTo("You are Sprout.");
        assertThat(request.lastUserMessage()).isEqualTo("How often do I water a tomato?");
        assertThat(model.traffic.exchanges().get(0).rule()).isEqualTo("last user message contains 'tomato'");
        assertThat(model.traffic.transcript()).contains("#1 ollama /api/chat model=qwen2.5:0.5b -> 200");
    }

    @Test
    void withoutARuleTheAnswerIsExtractedFromTheConversation() {
        String answer = ollamaChat().chat(SystemMessage.from(
                "You are Sprout. Basil likes warm sun and moist soil. Cacti need very little water."),
                UserMessage.from("What does basil like?")).aiMessage().text();

        assertThat(answer).isEqualTo("Basil likes warm sun and moist soil.");
    }

    @Test
    void ollamaStreamingChatModelReceivesTheChunksInOrder() throws Exception {
        model.script.onChat().stream("Mulch ", "keeps ", "soil ", "moist.");
        OllamaStreamingChatModel streaming = OllamaStreamingChatModel.builder().baseUrl(model.baseUrl())
                .modelName(CHAT_MODEL).timeout(Duration.ofSeconds(10)).build();
        StreamingCollector stream = new StreamingCollector();

        streaming.chat("Why mulch?", stream);

        // langchain4j hangs forever on a malformed stream: never wait without a deadline.
        ChatResponse response = stream.done.get(10, TimeUnit.SECONDS);
        assertThat(stream.partials).containsExactly("Mulch ", "keeps ", "soil ", "moist.");
        assertThat(response.aiMessage().text()).isEqualTo("Mulch keeps soil moist.");
        assertThat(model.traffic.requests().get(0).stream()).isTrue();
    }

    @Test
    void ollamaEmbeddingModelGetsRealNormalisedEmbeddings() {
        OllamaEmbeddingModel embeddings = OllamaEmbeddingModel.builder().baseUrl(model.baseUrl())
                .modelName(EMBEDDING_MODEL).timeout(Duration.ofSeconds(30)).build();

        Embedding tomato = embeddings.embed("How do I grow tomatoes?").content();
        Embedding tomatoAgain = embeddings.embed("How do I grow tomatoes?").content();
        Embedding related = embeddings.embed("Tips for growing tomato plants").content();
        Embedding unrelated = embeddings.embed("The quarterly tax return is due in April").content();

        assertThat(tomato.dimension()).isEqualTo(384);
        assertThat(norm(tomato.vector())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(tomatoAgain.vector()).isEqualTo(tomato.vector());
        assertThat(cosine(tomato, related)).isGreaterThan(cosine(tomato, unrelated) + 0.3);
        assertThat(model.traffic.embeddingRequests()).hasSize(4)
                .allSatisfy(r -> assertThat(r.endpoint()).isEqualTo("/api/embed"));
    }

    interface Gardener {
        String ask(String question);
    }

    static final class WeatherTool {
        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool("Current weather for a city")
        String weather(String city) {
            cities.add(city);
            return "Sunny, 21 C in " + city;
        }
    }

    @Test
    void toolCallsWorkThroughAiServices() {
        WeatherTool tool = new WeatherTool();
        model.script.when(Match.hasTools().and(Match.callNumber(1)))
                .callTool("weather", Map.of("city", "Lyon"));
        model.script.when(Match.hasTools().and(Match.callNumber(2))).reply("It is sunny in Lyon: plant today.");
        Gardener gardener = AiServices.builder(Gardener.class).chatModel(ollamaChat()).tools(tool).build();

        String answer = gardener.ask("Can I plant in Lyon today?");

        assertThat(answer).isEqualTo("It is sunny in Lyon: plant today.");
        assertThat(tool.cities).containsExactly("Lyon");
        List<ModelRequest> requests = model.traffic.chatRequests();
        assertThat(requests.get(0).tools()).extracting(t -> t.name()).containsExactly("weather");
        List<Message> second = requests.get(1).messages();
        assertThat(second.get(second.size() - 2).toolCalls()).containsExactly(new ToolCall("weather", Map.of("city", "Lyon")));
        assertThat(second.get(second.size() - 1)).satisfies(m -> {
            assertThat(m.role()).isEqualTo("tool");
            assertThat(m.content()).isEqualTo("Sunny, 21 C in Lyon");
        });
    }

    @Test
    void imagesArriveAsBase64() {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        model.script.when(Match.hasImages()).reply("A seedling.");

        String answer = ollamaChat().chat(UserMessage.from(TextContent.from("What is this?"),
                ImageContent.from(png, "image/png"))).aiMessage().text();

        assertThat(answer).isEqualTo("A seedling.");
        assertThat(model.traffic.requests().get(0).lastUser().orElseThrow().images()).containsExactly(png);
    }

    @Test
    void anUnknownModelIsA404ThatIsNotRetried() {
        OllamaChatModel wrong = OllamaChatModel.builder().baseUrl(model.baseUrl()).modelName("llama9")
                .timeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> wrong.chat("hi")).hasMessageContaining("model 'llama9' not found");
        assertThat(model.traffic.exchanges()).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aScriptedServerErrorReachesTheClientAfterItsRetries() {
        model.script.onChat().fail(503);

        assertThatThrownBy(() -> ollamaChat().chat("hi")).isInstanceOf(RuntimeException.class);
        // OllamaChatModel retries 5xx twice: three identical requests, each recorded.
        assertThat(model.traffic.exchanges()).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void openAiChatModelGetsTextAndToolCalls() {
        ChatModel openAi = OpenAiChatModel.builder().baseUrl(model.baseUrl() + "/v1").apiKey("not-needed")
                .modelName(CHAT_MODEL).timeout(Duration.ofSeconds(10)).maxRetries(0).build();
        WeatherTool tool = new WeatherTool();
        model.script.when(Match.hasTools().and(Match.callNumber(1))).callTool("weather", Map.of("city", "Oslo"));
        model.script.when(Match.hasTools().and(Match.callNumber(2))).reply("Cold in Oslo.");

        String answer = AiServices.builder(Gardener.class).chatModel(openAi).tools(tool).build().ask("Weather?");

        assertThat(answer).isEqualTo("Cold in Oslo.");
        assertThat(tool.cities).containsExactly("Oslo");
        assertThat(model.traffic.requests()).allSatisfy(r -> {
            assertThat(r.api()).isEqualTo("openai");
            assertThat(r.endpoint()).isEqualTo("/v1/chat/completions");
        });
    }

    @Test
    void openAiStreamingAndEmbeddingsWork() throws Exception {
        model.script.onChat().stream("Prune ", "in ", "winter.");
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(model.baseUrl() + "/v1")
                .apiKey("not-needed").modelName(CHAT_MODEL).timeout(Duration.ofSeconds(10)).build();
        StreamingCollector stream = new StreamingCollector();

        streaming.chat("When to prune?", stream);

        assertThat(stream.done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Prune in winter.");
        assertThat(stream.partials).containsExactly("Prune ", "in ", "winter.");

        OpenAiEmbeddingModel embeddings = OpenAiEmbeddingModel.builder().baseUrl(model.baseUrl() + "/v1")
                .apiKey("not-needed").modelName(EMBEDDING_MODEL).timeout(Duration.ofSeconds(30)).maxRetries(0).build();
        assertThat(embeddings.embed("roses").content().dimension()).isEqualTo(384);
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    private static double cosine(Embedding a, Embedding b) {
        double dot = 0;
        for (int i = 0; i < a.vector().length; i++) {
            dot += a.vector()[i] * b.vector()[i];
        }
        return dot;
    }
}
