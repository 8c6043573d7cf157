package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model names by role, from the grader's roles or, for a role it lacks, from the app's environment. */
class LabModelsTests {

    @Test
    void namesComeFromTheRolesFirstThenFromTheAppsEnvironment() {
        LabModels models = LabModels.of(Map.of("chat", "qwen2.5:0.5b", "vision", "moondream"),
                Map.of("LAB_CHAT_MODEL", "ignored", "LAB_STT_MODEL", "Systran/faster-whisper-small",
                        "LAB_TTS_MODEL", "speaches-ai/Kokoro-82M-v1.0-ONNX"));

        assertThat(models).isEqualTo(new LabModels("qwen2.5:0.5b", "moondream", "Systran/faster-whisper-small",
                "speaches-ai/Kokoro-82M-v1.0-ONNX"));
    }

    @Test
    void aRoleWithNoNameAnywhereSaysWhichVariableAndRole() {
        assertThatThrownBy(() -> LabModels.of(Map.of("chat", "c", "vision", "v", "stt", "s"), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LAB_TTS_MODEL")
                .hasMessageContaining("'tts'");
    }
}
