package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Tier;
import java.util.Map;

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

    @Check(id = "live.stt", title = "Needs a real speech-to-text model", points = 5, tier = Tier.LIVE, models = "stt")
    void liveStt(AppClient app) {
        assertThat(app.get("/health").status()).isEqualTo(200);
    }
}
