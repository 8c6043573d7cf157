package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.AudioClip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** How loud a WAV recording is: tells a recording of a voice from one of silence. */
final class Loudness {

    /**
     * The loudest a recording of silence gets, as a fraction of full scale: 0.01 is -40 dBFS, well above a
     * quiet room's hiss once a browser has encoded it (all zeros in Chromium) and far below speech (the lab's
     * question.wav peaks at 0.45; recorded through Chromium's fake microphone it reaches 1.0).
     */
    static final double SILENCE = 0.01;

    private Loudness() {}

    /**
     * The highest absolute sample of {@code clip}, from 0 (silence) to 1 (full scale), read with
     * {@code javax.sound.sampled} and converted to 16-bit signed PCM (so 8-bit, 24-bit and float WAVs work);
     * empty when the clip is not a WAV the JDK can convert.
     */
    static Optional<Double> peak(AudioClip clip) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(clip.bytes()))) {
            AudioFormat from = in.getFormat();
            AudioFormat pcm = new AudioFormat(from.getSampleRate(), 16, from.getChannels(), true, false);
            try (AudioInputStream samples = AudioSystem.getAudioInputStream(pcm, in)) {
                byte[] bytes = samples.readAllBytes();
                int peak = 0;
                for (int i = 0; i + 1 < bytes.length; i += 2) {
                    int sample = (short) ((bytes[i] & 0xff) | (bytes[i + 1] << 8));
                    peak = Math.max(peak, Math.abs(sample));
                }
                return Optional.of(Math.min(1, peak / 32767d));
            }
        } catch (UnsupportedAudioFileException | IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
