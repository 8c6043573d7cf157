package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelScriptAndTrafficTests {

    private static ModelRequest chat(int number, String system, String user) {
        return new ModelRequest(number, Instant.EPOCH, "ollama", "/api/chat", "chat", "m",
                List.of(Message.of("system", system), Message.of("user", user)), List.of(), false, Map.of(), null);
    }

    @Test
    void theFirstMatchingRuleAnswers() {
        ModelScript script = new ModelScript();
        script.when(Match.lastUserMessageContains("ROSE")).reply("roses");
        script.when(Match.systemPromptContains("sprout").and(Match.callNumber(2))).fail(503);
        script.onChat().reply("anything");

        assertThat(script.ruleFor(chat(1, "x", "My rose?")).orElseThrow().reply()).isEqualTo(Reply.text("roses"));
        assertThat(script.ruleFor(chat(2, "I am Sprout", "hi")).orElseThrow().match().description())
                .isEqualTo("system prompt contains 'sprout' and request #2");
        assertThat(script.ruleFor(chat(3, "I am Sprout", "hi")).orElseThrow().reply()).isEqualTo(Reply.text("anything"));
        script.clear();
        assertThat(script.ruleFor(chat(1, "x", "rose"))).isEmpty();
    }

    @Test
    void repliesRefuseNonsense() {
        assertThatThrownBy(() -> Reply.failure(200)).hasMessageContaining("4xx or 5xx");
        assertThatThrownBy(() -> new Reply.ToolCalls(List.of())).hasMessageContaining("at least one call");
        assertThat(Reply.chunks("a", "b")).isEqualTo(new Reply.Text("ab", List.of("a", "b")));
    }

    @Test
    void requestsExposeTheirParts() {
        ModelRequest request = new ModelRequest(1, Instant.EPOCH, "openai", "/v1/chat/completions", "chat", "m",
                List.of(Message.of("system", "s"), Message.of("user", "u1"), Message.of("assistant", "a1"),
                        Message.of("user", "u2")), List.of(), true, Map.of(), null);

        assertThat(request.systemPrompt()).isEqualTo("s");
        assertThat(request.history()).extracting(Message::content).containsExactly("u1", "a1");
        assertThat(request.lastUserMessage()).isEqualTo("u2");
    }

    @Test
    void trafficIsBoundedNumberedAndResettable() throws InterruptedException {
        ModelTraffic traffic = new ModelTraffic(2);
        for (int i = 0; i < 3; i++) {
            ModelRequest request = chat(traffic.nextRequestNumber(), "s", "message " + i);
            traffic.received(request);
            traffic.answered(new ModelExchange(request, 200, "reply " + i, List.of(), "default", Duration.ofMillis(3)));
        }

        assertThat(traffic.requests()).extracting(ModelRequest::number).containsExactly(2, 3);
        assertThat(traffic.exchanges()).hasSize(2);
        assertThat(traffic.transcript()).startsWith("#2 ollama /api/chat model=m -> 200 in 3 ms (default)\n")
                .contains("    user: message 1\n    => assistant: reply 1\n");
        assertThat(traffic.awaitChatRequests(5, Duration.ofMillis(50))).isFalse();

        traffic.reset();
        assertThat(traffic.requests()).isEmpty();
        assertThat(traffic.nextRequestNumber()).isEqualTo(1);
        assertThat(traffic.transcript()).isEqualTo("(the app sent no request to the model)");
    }

    @Test
    void theTranscriptShowsAnAgentsConversationTurnByTurn() {
        ModelTraffic traffic = new ModelTraffic();
        ToolCall weather = new ToolCall("get_weather", Map.of("city", "Oslo"));
        ModelRequest first = new ModelRequest(traffic.nextRequestNumber(), Instant.EPOCH, "ollama", "/api/chat", "chat",
                "m", List.of(Message.of("user", "Weather in Oslo?")),
                List.of(new ToolSpec("get_weather", "Weather", Map.of())), false, Map.of(), null);
        traffic.received(first);
        traffic.answered(new ModelExchange(first, 200, "", List.of(weather), "after 0 tool result(s)", Duration.ZERO));
        ModelRequest second = new ModelRequest(traffic.nextRequestNumber(), Instant.EPOCH, "ollama", "/api/chat",
                "chat", "m", List.of(Message.of("user", "Weather in Oslo?"),
                        new Message("assistant", "", List.of(), List.of(weather)),
                        Message.of("tool", "ERROR: the service answered 500")),
                List.of(new ToolSpec("get_weather", "Weather", Map.of())), false, Map.of(), null);
        traffic.received(second);

        assertThat(traffic.transcript())
                .contains("#1 ollama /api/chat model=m tools=[get_weather] -> 200 in 0 ms (after 0 tool result(s))")
                .contains("    => assistant:  [calls get_weather{city=Oslo}]")
                .contains("    assistant:  [calls get_weather{city=Oslo}]\n    tool: ERROR: the service answered 500")
                .contains("#2 ollama /api/chat model=m tools=[get_weather] -> (still unanswered)");
    }

    @Test
    void toolResultsAreTheToolMessagesInOrderAndScriptTheTurnAfterThem() {
        ToolCall weather = new ToolCall("get_weather", Map.of("city", "Oslo"));
        ModelRequest afterTwo = new ModelRequest(3, Instant.EPOCH, "openai", "/v1/chat/completions", "chat", "m",
                List.of(Message.of("user", "Oslo or Lisbon?"), new Message("assistant", "", List.of(), List.of(weather,
                        weather)), Message.of("tool", "snow"), Message.of("tool", "sunny")), List.of(), false, Map.of(),
                null);
        // A result pasted into a user message is not a tool message: the brief asks for role "tool".
        ModelRequest pasted = new ModelRequest(2, Instant.EPOCH, "ollama", "/api/chat", "chat", "m",
                List.of(Message.of("user", "Oslo?"), new Message("assistant", "", List.of(), List.of(weather)),
                        Message.of("user", "Tool result: snow")), List.of(), false, Map.of(), null);

        assertThat(afterTwo.toolResults()).extracting(Message::content).containsExactly("snow", "sunny");
        assertThat(Match.toolResults(2).matches(afterTwo)).isTrue();
        assertThat(Match.toolResults(1).matches(afterTwo)).isFalse();
        assertThat(Match.toolResults(2).description()).isEqualTo("after 2 tool result(s)");
        assertThat(pasted.toolResults()).isEmpty();
        assertThat(Match.toolResults(0).matches(pasted)).isTrue();
    }

    @Test
    void expectFailsWithExactlyTheMessage() {
        assertThatThrownBy(() -> Expect.that(false, () -> "expected X, got Y")).isInstanceOf(AssertionError.class)
                .hasMessage("expected X, got Y");
        Expect.that(true, () -> "never built");
    }

    @Test
    void transcriptsShowAudioAndImagesBySizeAndHashNeverAsTheirBytes() throws Exception {
        ModelTraffic traffic = new ModelTraffic();
        byte[] wav = MediaFilesTests.wav(16_000, 16_000);
        ModelRequest transcription = new ModelRequest(traffic.nextRequestNumber(), Instant.EPOCH, "openai",
                "/v1/audio/transcriptions", "transcription", "whisper-1", List.of(), List.of(), false,
                java.util.Map.of("language", "en"), null, new AudioClip(wav, "q.wav", "audio/wav"));
        Picture picture = Picture.encode(new java.awt.image.BufferedImage(300, 200,
                java.awt.image.BufferedImage.TYPE_INT_RGB), "png");
        ModelRequest vision = new ModelRequest(traffic.nextRequestNumber(), Instant.EPOCH, "ollama", "/api/chat",
                "chat", "moondream", List.of(new Message("user", "what is it?", List.of(picture.base64()), List.of())),
                List.of(), false, null, null);
        ModelRequest speech = new ModelRequest(traffic.nextRequestNumber(), Instant.EPOCH, "openai",
                "/v1/audio/speech", "speech", "tts-1", List.of(Message.of("user", "Apples are red.")), List.of(), false,
                java.util.Map.of("voice", "alloy"), null);
        traffic.received(transcription);
        traffic.received(vision);
        traffic.received(speech);
        traffic.answered(new ModelExchange(transcription, 200, "What fruit is this?", List.of(), "default",
                Duration.ofMillis(4)));
        traffic.answered(new ModelExchange(speech, 200, "", List.of(), "default", Duration.ofMillis(9),
                AudioClip.of(wav)));

        assertThat(traffic.transcriptionRequests()).containsExactly(transcription);
        assertThat(traffic.speechRequests()).containsExactly(speech);
        assertThat(traffic.chatRequests()).containsExactly(vision);
        assertThat(traffic.transcript())
                .contains("#1 openai /v1/audio/transcriptions model=whisper-1 -> 200 in 4 ms (default)\n"
                        + "    audio: WAV 1.0 s, 32,044 bytes, sha256 " + AudioClip.of(wav).sha256().substring(0, 12)
                        + ", file name 'q.wav'\n    fields: {language=en}\n    => transcript: What fruit is this?\n")
                .contains("    user: what is it? [image PNG 300x200, " + String.format(java.util.Locale.ROOT, "%,d", picture.size())
                        + " bytes, sha256 " + picture.sha256().substring(0, 12) + "]\n")
                .contains("    input: Apples are red.\n    fields: {voice=alloy}\n    => audio: WAV 1.0 s")
                .doesNotContain(picture.base64().substring(0, 40));
    }
}
