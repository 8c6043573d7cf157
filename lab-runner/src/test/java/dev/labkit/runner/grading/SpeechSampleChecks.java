package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.MultipartForm;
import dev.labkit.checks.sdk.Tier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A checker suite for the grader's own tests of a lab with speech roles, run against {@code apps/echo}: what
 * the app is given, and live checks of Ollama's role and of a speech role. Not a lab: only
 * {@link SpeechGradingTests} runs it.
 */
@LabChecks
public class SpeechSampleChecks {

    @Check(id = "speech.environment", title = "The app gets the speech service, its models and its voice", points = 5)
    void environment(LabEnvironment lab) {
        Map<String, String> env = lab.appEnvironment();
        assertThat(env.get("LAB_SPEECH_BASE_URL")).as("LAB_SPEECH_BASE_URL (${speech})")
                .isEqualTo(env.get("OLLAMA_BASE_URL") + "/v1");
        // The test names what it expects in the lab's env (EXPECTED_*); the grader sets the LAB_* variables.
        assertThat(env.get("LAB_STT_MODEL")).as("LAB_STT_MODEL").isEqualTo(env.get("EXPECTED_STT_MODEL"));
        assertThat(env.get("LAB_TTS_MODEL")).as("LAB_TTS_MODEL").isEqualTo(env.get("EXPECTED_TTS_MODEL"));
        assertThat(env).containsEntry("LAB_CHAT_MODEL", "tiny-model");
        assertThat(env.get("LAB_TTS_VOICE")).as("LAB_TTS_VOICE").isEqualTo(env.get("EXPECTED_TTS_VOICE"));
    }

    @Check(id = "live.chat", title = "Needs a real chat model", points = 5, tier = Tier.LIVE, models = "chat")
    void liveChat(AppClient app) {
        assertThat(app.get("/health").status()).isEqualTo(200);
    }

    /**
     * Without a speech server the lab model transcribes the lab's known clip exactly; with one, it sends the
     * clip on unchanged and records the speech server's answer.
     */
    @Check(id = "speech.known-clip", title = "The lab's clip reaches whoever transcribes it", points = 5)
    void knownClip(LabEnvironment lab, ModelTraffic traffic) throws IOException {
        ModelExchange exchange = transcribeTheClip(lab, traffic);
        if (lab.liveModelUnavailable("stt").isPresent()) {
            assertThat(exchange.reply()).as("the lab model's transcript of a known clip").isEqualTo(CLIP_TRANSCRIPT);
            assertThat(exchange.rule()).isNotEqualTo(REAL_SPEECH_SERVER);
        } else {
            assertThat(exchange.rule()).as("who answered").isEqualTo(REAL_SPEECH_SERVER);
        }
    }

    @Check(id = "live.stt", title = "Needs a real speech-to-text model", points = 5, tier = Tier.LIVE, models = "stt")
    void liveStt(LabEnvironment lab, ModelTraffic traffic) throws IOException {
        ModelExchange exchange = transcribeTheClip(lab, traffic);
        assertThat(exchange.rule()).as("who answered").isEqualTo(REAL_SPEECH_SERVER);
        assertThat(exchange.reply()).as("the speech server does not know the lab's clip").isNotEqualTo(CLIP_TRANSCRIPT);
    }

    /** The rule the lab model records for an answer of the real speech server behind it. */
    static final String REAL_SPEECH_SERVER = "real speech server";

    /** The transcript of the clip {@link #writeClip} writes. */
    public static final String CLIP_TRANSCRIPT = "A quiet second at the stall.";

    /**
     * Writes a known clip into a lab's fixtures: {@code fixtures/audio/clip.wav} (one second of silence,
     * 16 kHz mono 16-bit PCM) and its transcript {@code clip.txt}.
     */
    public static void writeClip(Path labDir) throws IOException {
        Path audio = Files.createDirectories(labDir.resolve("fixtures/audio"));
        AudioFormat format = new AudioFormat(16_000f, 16, 1, true, false);
        byte[] silence = new byte[16_000 * 2];
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(silence), format, 16_000),
                AudioFileFormat.Type.WAVE, audio.resolve("clip.wav").toFile());
        Files.writeString(audio.resolve("clip.txt"), CLIP_TRANSCRIPT + "\n");
    }

    /** POST OLLAMA_BASE_URL/v1/audio/transcriptions with the lab's clip, as an app would; the exchange recorded. */
    private static ModelExchange transcribeTheClip(LabEnvironment lab, ModelTraffic traffic) throws IOException {
        Map<String, String> env = lab.appEnvironment();
        byte[] wav = Files.readAllBytes(lab.fixturesDir().resolve("audio/clip.wav"));
        AppResponse answer = new AppClient(URI.create(env.get("OLLAMA_BASE_URL"))).postMultipart(
                "/v1/audio/transcriptions", MultipartForm.create().field("model", env.get("LAB_STT_MODEL"))
                        .file("file", "clip.wav", "audio/wav", wav));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        ModelExchange exchange = traffic.exchanges().get(0);
        assertThat(exchange.request().audio().bytes()).as("the clip, unchanged").isEqualTo(wav);
        return exchange;
    }
}
