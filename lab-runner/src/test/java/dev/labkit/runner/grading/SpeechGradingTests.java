package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.report.JsonReport;
import dev.labkit.runner.report.Visibility;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab with speech roles graded for real (apps/echo, {@link SpeechSampleChecks}): the app's speech
 * environment, and live checks skipped per role. The real Ollama and speech server are lab models (mocks of
 * real ones: none can run here), which answer Ollama's API and {@code GET /v1/models} as the real ones do.
 */
class SpeechGradingTests {

    @TempDir
    Path labDir;

    private LabManifest speechLab(String stt, String tts, String expectedVoice) throws IOException {
        SpeechSampleChecks.writeClip(labDir);
        return new LabManifest("97-speech-sample", "Speech sample", 4, "", SpeechSampleChecks.class.getName(),
                Map.of("chat", "tiny-model", "stt", stt, "tts", tts),
                Map.of("LAB_SPEECH_BASE_URL", "${speech}", "EXPECTED_TTS_VOICE", expectedVoice,
                        "EXPECTED_STT_MODEL", stt, "EXPECTED_TTS_MODEL", tts),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(3)),
                labDir);
    }

    private LabManifest speechLab(String expectedVoice) throws IOException {
        return speechLab("test/whisper", "test/kokoro", expectedVoice);
    }

    private static LabModelServer standIn(Set<String> models) throws IOException {
        return standIn(models, new ModelTraffic());
    }

    private static LabModelServer standIn(Set<String> models, ModelTraffic traffic) throws IOException {
        return LabModelServer.start(new LabModelServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new ModelScript(), traffic, models, Set.of()));
    }

    private static Map<String, CheckResult> byId(GradeResult result) {
        return result.checks().stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    @Test
    void embeddedTheAppGetsTheLabModelsSpeechAndVoiceAndLiveChecksAreSkipped() throws IOException {
        GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(), Map.of())
                .grade(new GradeRequest(speechLab("alloy"), TestLabs.app("echo")));
        Map<String, CheckResult> checks = byId(result);

        assertThat(checks.get("speech.environment").status()).as(checks.get("speech.environment").message())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(checks.get("speech.known-clip").status()).as(checks.get("speech.known-clip").message())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(checks.get("live.chat").status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(checks.get("live.stt").message())
                .isEqualTo("live check skipped: " + Grader.NO_LIVE_SPEECH);
        assertThat(result.model().speech()).hasValue("embedded");
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(result, json);
        JsonNode model = new ObjectMapper().readTree(json.toString()).path("model");
        assertThat(model.path("speech").asText()).isEqualTo("embedded");
        assertThat(model.path("names").path("stt").asText()).isEqualTo("test/whisper");
    }

    /** An Ollama but no speech server: the chat check runs, the speech check is skipped with the speech reason. */
    @Test
    void aLiveSpeechCheckIsSkippedWithoutASpeechServerEvenWhenOllamaIsThere() throws IOException {
        try (LabModelServer ollama = standIn(Set.of("tiny-model"))) {
            GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(), Map.of())
                    .grade(new GradeRequest(speechLab("alloy"), TestLabs.app("echo"),
                            new ModelProvider.OllamaUrl(ollama.baseUrl())));
            Map<String, CheckResult> checks = byId(result);

            assertThat(checks.get("live.chat").status()).as(checks.get("live.chat").message())
                    .isEqualTo(CheckStatus.PASSED);
            assertThat(checks.get("live.stt").status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(checks.get("speech.known-clip").status()).as("the lab model's own speech: "
                    + checks.get("speech.known-clip").message()).isEqualTo(CheckStatus.PASSED);
            assertThat(checks.get("live.stt").message()).isEqualTo("live check skipped: no real speech server is"
                    + " available (LABKIT_SPEECH_URL is not set, and --models url= names an Ollama only): set"
                    + " LABKIT_SPEECH_URL or --speech-url, or use --models container");
            assertThat(result.model().provider()).isEqualTo("ollama-url");
            assertThat(result.model().speech()).hasValue("embedded");
        }
    }

    /** LABKIT_SPEECH_URL names the speech server: the speech check runs, and the app gets its voice. */
    @Test
    void aSpeechServerAtLabkitSpeechUrlServesTheSpeechRolesWithItsVoice() throws IOException {
        ModelTraffic speechTraffic = new ModelTraffic();
        try (LabModelServer ollama = standIn(Set.of("tiny-model"));
                LabModelServer speech = standIn(Set.of("test/whisper:1", "test/kokoro:1"), speechTraffic)) {
            // Tagged ids, as the lab model lists them (it adds :latest to a name without a tag).
            LabManifest lab = speechLab("test/whisper:1", "test/kokoro:1", "bm_george");
            GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(),
                    Map.of("LABKIT_SPEECH_URL", speech.baseUrl().toString(), "LABKIT_SPEECH_VOICE", "bm_george"))
                    .grade(new GradeRequest(lab, TestLabs.app("echo"), new ModelProvider.OllamaUrl(ollama.baseUrl())));
            Map<String, CheckResult> checks = byId(result);

            assertThat(checks.get("live.stt").status()).as(checks.get("live.stt").message())
                    .isEqualTo(CheckStatus.PASSED);
            assertThat(checks.get("live.chat").status()).isEqualTo(CheckStatus.PASSED);
            assertThat(checks.get("speech.environment").status()).as(checks.get("speech.environment").message())
                    .isEqualTo(CheckStatus.PASSED);
            assertThat(checks.get("speech.known-clip").status()).as("through the speech server: "
                    + checks.get("speech.known-clip").message()).isEqualTo(CheckStatus.PASSED);
            assertThat(speechTraffic.transcriptionRequests()).as("what reached the speech server").hasSize(2);
            assertThat(result.model().speech()).hasValue("speech-url");
        }
    }
}
