package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.AppResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers of {@code POST /api/ask} in the forms the brief allows, and in forms it does not. */
class AskClientTests {

    private static AppResponse answer(int status, String body) {
        return new AppResponse("POST /api/ask (sessionId=\"s1\")", status,
                Map.of("content-type", List.of("application/json")), body, Duration.ZERO);
    }

    @Test
    void transcriptAndAudioMayBeNullOrAbsent() {
        AskClient.Answer absent = AskClient.read(answer(200, "{\"reply\":\"Hi\",\"sessionId\":\"s1\"}"), "s1");
        AskClient.Answer nulls = AskClient.read(answer(200,
                "{\"sessionId\":\"s1\",\"transcript\":null,\"reply\":\"Hi\",\"audio\":null,\"extra\":1}"), "s1");

        assertThat(absent).isEqualTo(new AskClient.Answer("s1", null, "Hi", null));
        assertThat(nulls).isEqualTo(absent);
    }

    @Test
    void transcriptAndAudioAreReadWhenThere() {
        String wav = Base64.getEncoder().encodeToString("RIFF....WAVE".getBytes());
        AskClient.Answer answer = AskClient.read(answer(200, "{\"sessionId\":\"s1\",\"transcript\":\"Figs?\","
                + "\"reply\":\"Yes.\",\"audio\":\"" + wav + "\"}"), "s1");

        assertThat(answer.transcript()).isEqualTo("Figs?");
        assertThat(new String(answer.audioBytes())).isEqualTo("RIFF....WAVE");
    }

    @Test
    void audioAsADataUrlOrWithLineBreaksDecodes() {
        String wav = Base64.getMimeEncoder(8, "\n".getBytes()).encodeToString("RIFF....WAVE".getBytes());
        assertThat(new String(new AskClient.Answer("s1", null, "r", "data:audio/wav;base64," + wav).audioBytes()))
                .isEqualTo("RIFF....WAVE");
    }

    @Test
    void missingOrBrokenAudioFailsSayingWhat() {
        assertThatThrownBy(() -> new AskClient.Answer("s1", null, "r", null).audioBytes())
                .isInstanceOf(AssertionError.class).hasMessageContaining("speak=true");
        assertThatThrownBy(() -> new AskClient.Answer("s1", null, "r", "/tmp/reply.wav").audioBytes())
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not decode as base64")
                .hasMessageContaining("/tmp/reply.wav");
    }

    @Test
    void anAnswerThatBreaksTheBriefFailsNamingTheRequest() {
        assertThatThrownBy(() -> AskClient.read(answer(404, "{\"error\":\"no\"}"), "s1"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("POST /api/ask (sessionId=\"s1\")")
                .hasMessageContaining("got 404");
        assertThatThrownBy(() -> AskClient.read(answer(200, "{\"sessionId\":\"s2\",\"reply\":\"Hi\"}"), "s1"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("\"s1\"").hasMessageContaining("\"s2\"");
        assertThatThrownBy(() -> AskClient.read(answer(200, "{\"sessionId\":\"s1\",\"reply\":\"Hi\","
                + "\"transcript\":{\"text\":\"Figs?\"}}"), "s1"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("\"transcript\" should be a string");
    }
}
