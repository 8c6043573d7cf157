package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.AudioClip;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the lab model's speech service does when no script rule answers and no real speech server is
 * behind it (docs/lab-model.md, "Speech and vision"):
 * <ul>
 *   <li>speech: {@link SpeechSynthesizer} (FreeTTS, kevin16), remembering the SHA-256 of each WAV it made
 *       (the last {@value #REMEMBERED}) with its text;
 *   <li>transcription: the exact text of a clip whose SHA-256 is a known clip's or one it synthesised;
 *       else {@link SpeechRecognizer} (pocketsphinx) when installed; else {@link #CANNOT_TRANSCRIBE}.
 *       Audio that is not WAV is refused.
 * </ul>
 */
final class SpeechDefaults {

    /** Synthesised clips remembered for exact transcription. */
    static final int REMEMBERED = 1000;

    static final String CANNOT_TRANSCRIBE = "The lab model cannot transcribe this audio offline: it transcribes "
            + "exactly only the audio it synthesised itself and the lab's known clips, and no speech recogniser is "
            + "installed (pocketsphinx: apt-get install pocketsphinx pocketsphinx-en-us), nor is a real speech "
            + "server behind it (live mode).";

    private final Map<String, String> known;
    private final Map<String, String> synthesised = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param known the exact transcripts of known clips, by the SHA-256 (hex) of their bytes */
    SpeechDefaults(Map<String, String> known) {
        this.known = Map.copyOf(known);
    }

    /** A WAV file (16 kHz mono 16-bit PCM) saying {@code text}, remembered for transcription. */
    byte[] synthesise(String text, double speed) {
        byte[] wav = SpeechSynthesizer.wav(text, speed);
        String hash = AudioClip.of(wav).sha256();
        synchronized (synthesised) {
            synthesised.put(hash, text);
        }
        return wav;
    }

    /**
     * The transcript of {@code audio}.
     *
     * @throws AudioCall.Invalid when it is not WAV (and is not a known clip)
     */
    String transcribe(AudioClip audio) throws AudioCall.Invalid {
        String hash = audio.sha256();
        Optional<String> exact = Optional.ofNullable(known.get(hash)).or(() -> {
            synchronized (synthesised) {
                return Optional.ofNullable(synthesised.get(hash));
            }
        });
        if (exact.isPresent()) {
            return exact.get();
        }
        if (!audio.isWav()) {
            throw new AudioCall.Invalid("the lab model reads WAV audio only (RIFF/WAVE PCM); the uploaded file "
                    + (audio.fileName().isEmpty() ? "" : "'" + audio.fileName() + "' ") + "(" + audio.size()
                    + " bytes) is not a WAV file it can read", "file");
        }
        try {
            return SpeechRecognizer.recognise(audio.bytes()).orElse(CANNOT_TRANSCRIBE);
        } catch (IOException e) {
            return "The lab model cannot transcribe this audio offline: its speech recogniser (pocketsphinx) "
                    + "failed: " + e.getMessage() + ".";
        }
    }
}
