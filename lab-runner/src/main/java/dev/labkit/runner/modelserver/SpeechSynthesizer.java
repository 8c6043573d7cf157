package dev.labkit.runner.modelserver;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Speech synthesis in-process with FreeTTS 1.2.2 (CMU's Flite in Java) and its bundled {@code kevin16}
 * voice (a male US English diphone voice, 16 kHz): text in, a WAV file out (16 kHz, mono, 16-bit
 * signed little-endian PCM), made in memory. FreeTTS is not thread-safe: one voice for the JVM,
 * used by one request at a time. The same text at the same speed always gives the same bytes.
 */
final class SpeechSynthesizer {

    /** FreeTTS's voice directory of the voice its jar bundles. */
    private static final String VOICES = "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";
    private static final String VOICE = "kevin16";

    /** kevin16's own rate, words per minute; {@code speed} multiplies it. */
    private static final float WORDS_PER_MINUTE = 150f;

    private static final Object LOCK = new Object();
    private static Voice voice;

    private SpeechSynthesizer() {}

    /**
     * Synthesises {@code text} at {@code speed} (1 normal, 0.25 to 4 as OpenAI's {@code speed}).
     *
     * @return a WAV file, 16 kHz mono 16-bit PCM
     * @throws IllegalStateException when FreeTTS cannot load its voice
     */
    static byte[] wav(String text, double speed) {
        synchronized (LOCK) {
            Voice kevin = voice();
            Collector collector = new Collector();
            kevin.setAudioPlayer(collector);
            kevin.setRate((float) (WORDS_PER_MINUTE * speed));
            kevin.speak(text);
            return collector.wav();
        }
    }

    /**
     * Loads the voice on a background daemon thread (about 2 s of one core, once per JVM), so that the
     * first speech request does not wait for it.
     */
    static void loadInBackground() {
        Thread loader = new Thread(() -> {
            synchronized (LOCK) {
                voice();
            }
        }, "labkit-freetts-load");
        loader.setDaemon(true);
        loader.start();
    }

    private static Voice voice() {
        if (voice == null) {
            if (System.getProperty("freetts.voices") == null) {
                System.setProperty("freetts.voices", VOICES);
            }
            Voice found = VoiceManager.getInstance().getVoice(VOICE);
            if (found == null) {
                throw new IllegalStateException("FreeTTS has no voice " + VOICE + " (freetts.voices="
                        + System.getProperty("freetts.voices") + ")");
            }
            found.allocate();
            voice = found;
        }
        return voice;
    }

    /** A FreeTTS audio player that keeps what the voice says, in memory. */
    private static final class Collector implements AudioPlayer {
        private final ByteArrayOutputStream samples = new ByteArrayOutputStream();
        private AudioFormat format = new AudioFormat(WavAudio.SPEECH_RATE, 16, 1, true, true);
        private float volume = 1f;

        byte[] wav() {
            byte[] raw = samples.toByteArray();
            try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(raw), format,
                    raw.length / format.getFrameSize())) {
                return WavAudio.wav(WavAudio.convert(in, WavAudio.SPEECH_RATE), WavAudio.SPEECH_RATE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // bytes in memory: not expected
            }
        }

        @Override
        public void setAudioFormat(AudioFormat format) {
            this.format = format;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public void pause() {}

        @Override
        public void resume() {}

        @Override
        public void reset() {}

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {}

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {}

        @Override
        public void close() {}

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float volume) {
            this.volume = volume;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {}

        @Override
        public void startFirstSampleTimer() {}

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int length) {
            samples.write(audio, offset, length);
            return true;
        }

        @Override
        public void showMetrics() {}
    }
}
