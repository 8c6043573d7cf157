package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.labkit.checks.sdk.AudioClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoudnessTests {

    @Test
    void aToneIsAsLoudAsItWasMadeAndSilenceIsNothing() throws IOException {
        assertThat(Loudness.peak(AudioClip.of(FigPageTests.tone(0.5, 0.3)))).get().satisfies(peak ->
                assertThat(peak).isCloseTo(0.3, within(0.01)));
        assertThat(Loudness.peak(AudioClip.of(FigPageTests.tone(0.5, 0)))).contains(0d);
    }

    @Test
    void theLabsQuestionIsSpeechFarAboveSilence() throws IOException {
        AudioClip question = AudioClip.of(Files.readAllBytes(Path.of("../fixtures/audio/question.wav")));
        assertThat(Loudness.peak(question)).get().satisfies(peak -> assertThat(peak).isGreaterThan(
                20 * Loudness.SILENCE));
    }

    @Test
    void bytesThatAreNotAWavHaveNoLoudness() throws IOException {
        assertThat(Loudness.peak(AudioClip.of(Files.readAllBytes(Path.of("../fixtures/audio/not-a-wav.wav")))))
                .isEmpty();
        assertThat(Loudness.peak(AudioClip.of(new byte[0]))).isEmpty();
    }
}
