package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.AudioClient.json;
import static dev.labkit.runner.modelserver.AudioClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live mode: a lab model with a real speech server behind it sends unscripted audio requests on as they
 * came and relays and records the answers. The "real" server here is a second lab model, which knows a
 * clip the first does not, so that an answer only it can give proves the request went through.
 */
class SpeechUpstreamTests {

    private static final String KNOWN = "Only the speech server knows this clip.";

    private final ModelServerFixture upstream = new ModelServerFixture(null, Map.of());
    private ModelServerFixture model;

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        upstream.close();
    }

    @Test
    void unscriptedRequestsGoToTheSpeechServerAsTheyCameAndItsAnswersAreRelayedAndRecorded() throws Exception {
        AudioClient direct = new AudioClient(upstream.server.speechBaseUrl());
        byte[] clip = direct.speech("{\"model\": \"tts\", \"input\": \"A clip to know.\"}").body();
        upstream.close();
        try (ModelServerFixture speechServer = new ModelServerFixture(null, Map.of(AudioClip.of(clip).sha256(), KNOWN))) {
            model = new ModelServerFixture(speechServer.server.speechBaseUrl(), Map.of());
            AudioClient app = new AudioClient(model.server.speechBaseUrl());

            HttpResponse<byte[]> transcript = app.transcribeWav(clip, "whisper-1", "language", "en",
                    "response_format", "verbose_json");
            HttpResponse<byte[]> speech = app.speech("""
                    {"model": "kokoro", "input": "Fresh figs today.", "voice": "af_heart", "response_format": "pcm"}""");

            assertThat(transcript.statusCode()).as(text(transcript)).isEqualTo(200);
            assertThat(json(transcript).path("text").asText()).as("the speech server's answer").isEqualTo(KNOWN);
            assertThat(json(transcript).path("task").asText()).isEqualTo("transcribe");
            ModelRequest sent = speechServer.traffic.transcriptionRequests().get(0);
            assertThat(sent.audio().bytes()).as("the upload, unchanged").isEqualTo(clip);
            assertThat(sent.audio().fileName()).isEqualTo("question.wav");
            assertThat(sent.options()).containsExactly(Map.entry("language", "en"),
                    Map.entry("response_format", "verbose_json"));
            ModelExchange recorded = model.traffic.exchanges().get(0);
            assertThat(recorded.rule()).isEqualTo("real speech server");
            assertThat(recorded.reply()).isEqualTo(KNOWN);
            assertThat(recorded.request().audio().bytes()).isEqualTo(clip);

            assertThat(speech.statusCode()).as(text(speech)).isEqualTo(200);
            assertThat(speech.headers().firstValue("Content-Type")).hasValue("audio/pcm");
            assertThat(speechServer.traffic.speechRequests().get(0).options()).containsEntry("voice", "af_heart");
            assertThat(model.traffic.exchanges().get(1).audio().bytes()).isEqualTo(speech.body());
            assertThat(speech.body()).isEqualTo(speechServer.traffic.exchanges().get(1).audio().bytes());
        }
    }

    @Test
    void scriptedRulesAnswerBeforeTheSpeechServerIsAsked() throws Exception {
        model = new ModelServerFixture(upstream.server.speechBaseUrl(), Map.of());
        model.script.onTranscription().reply("Scripted.");

        HttpResponse<byte[]> response = new AudioClient(model.server.speechBaseUrl())
                .transcribe("RIFF".getBytes(), "a.wav", "audio/wav", Map.of("model", "whisper-1"));

        assertThat(json(response).path("text").asText()).isEqualTo("Scripted.");
        assertThat(upstream.traffic.requests()).isEmpty();
    }

    @Test
    void theSpeechServersErrorsAreRelayedWithTheirStatusAndBody() throws Exception {
        upstream.script.when(dev.labkit.checks.sdk.Match.audio()).fail(503);
        model = new ModelServerFixture(upstream.server.speechBaseUrl(), Map.of());

        HttpResponse<byte[]> response = new AudioClient(model.server.speechBaseUrl())
                .speech("{\"model\": \"kokoro\", \"input\": \"Hi\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).path("error").path("message").asText()).contains("scripted failure with status 503");
        assertThat(model.traffic.exchanges().get(0).status()).isEqualTo(503);
        assertThat(model.traffic.exchanges().get(0).audio()).isNull();
    }

    @Test
    void aSpeechServerThatCannotBeReachedIsA502() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        model = new ModelServerFixture(URI.create("http://127.0.0.1:" + port + "/v1"), Map.of());

        HttpResponse<byte[]> response = new AudioClient(model.server.speechBaseUrl())
                .speech("{\"model\": \"kokoro\", \"input\": \"Hi\"}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).path("error").path("message").asText()).contains("speech server", "cannot be reached");
        assertThat(model.traffic.exchanges().get(0).status()).isEqualTo(502);
    }
}
