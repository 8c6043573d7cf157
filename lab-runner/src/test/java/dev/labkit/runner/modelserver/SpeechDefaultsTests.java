package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.checks.sdk.AudioClip;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lab model's offline speech: FreeTTS synthesis, exact transcripts of what it made, and pocketsphinx. */
class SpeechDefaultsTests {

    @Test
    void whatItSynthesisedIsTranscribedExactlyAndUnknownWavIsNotPretendedTo() throws Exception {
        SpeechDefaults speech = new SpeechDefaults(Map.of());
        byte[] wav = speech.synthesise("Two lemons and a melon.", 1);

        assertThat(speech.transcribe(AudioClip.of(wav))).isEqualTo("Two lemons and a melon.");
        byte[] silence = WavAudio.wav(new byte[16_000], WavAudio.SPEECH_RATE);
        String unknown = speech.transcribe(AudioClip.of(silence));
        if (!SpeechRecognizer.installed()) {
            assertThat(unknown).isEqualTo(SpeechDefaults.CANNOT_TRANSCRIBE);
        } else {
            assertThat(unknown).as("half a second of silence, recognised").doesNotContain("lemons");
        }
    }

    @Test
    void knownClipsWinOverEverythingElse() throws Exception {
        byte[] wav = SpeechSynthesizer.wav("Anything.", 1);
        SpeechDefaults speech = new SpeechDefaults(Map.of(AudioClip.of(wav).sha256(), "Exactly this."));

        assertThat(speech.transcribe(AudioClip.of(wav))).isEqualTo("Exactly this.");
    }

    @Test
    void audioThatIsNotWavIsRefusedUnlessItIsAKnownClip() throws Exception {
        byte[] mp3 = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0};
        SpeechDefaults speech = new SpeechDefaults(Map.of(AudioClip.of(new byte[] {1, 2, 3}).sha256(), "Known."));

        assertThatThrownBy(() -> speech.transcribe(AudioClip.of(mp3))).isInstanceOf(AudioCall.Invalid.class)
                .hasMessageContaining("reads WAV audio only");
        assertThat(speech.transcribe(AudioClip.of(new byte[] {1, 2, 3}))).isEqualTo("Known.");
    }

    @Test
    void synthesisIsSerialisedAndGivesTheSameBytesFromManyThreads() throws Exception {
        byte[] expected = SpeechSynthesizer.wav("Pears are ripe.", 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<byte[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> SpeechSynthesizer.wav("Pears are ripe.", 1)));
            }
            for (Future<byte[]> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fasterSpeechIsShorter() {
        java.time.Duration normal = AudioClip.of(SpeechSynthesizer.wav("Plums, peaches and apricots.", 1)).duration()
                .orElseThrow();
        java.time.Duration fast = AudioClip.of(SpeechSynthesizer.wav("Plums, peaches and apricots.", 2)).duration()
                .orElseThrow();

        assertThat(fast.toMillis()).isLessThan(normal.toMillis() * 8 / 10);
    }

    @Test
    void pocketsphinxWhenInstalledRecognisesSpeechTheLabModelDidNotRemember() throws Exception {
        assumeTrue(SpeechRecognizer.installed(), "pocketsphinx is not installed here (Debian: apt-get install "
                + "pocketsphinx pocketsphinx-en-us): the recogniser path is not tested");
        // Made by FreeTTS but not through SpeechDefaults, and at 22.05 kHz stereo: unknown bytes that must be
        // converted to 16 kHz mono first.
        byte[] samples = WavAudio.samples(SpeechSynthesizer.wav("Hello, how are you today?", 1), 22_050f).orElseThrow();
        byte[] stereo = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i += 2) {
            System.arraycopy(samples, i, stereo, 2 * i, 2);
            System.arraycopy(samples, i, stereo, 2 * i + 2, 2);
        }
        byte[] wav = stereoWav(stereo, 22_050f);

        String heard = new SpeechDefaults(Map.of()).transcribe(AudioClip.of(wav));

        assertThat(heard).as("pocketsphinx's words").contains("hello", "today");
        assertThat(SpeechRecognizer.recognise(wav)).isEqualTo(Optional.of(heard));
    }

    private static byte[] stereoWav(byte[] frames, float rate) throws Exception {
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(rate, 16, 2, true, false);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(frames), format, frames.length / 4),
                javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
