package dev.labkit.runner.provision;

import java.net.URI;
import java.util.Optional;

/**
 * What provisioning settled on for the speech roles ({@code stt}, {@code tts}): the real speech server the
 * lab model forwards unscripted audio requests to, or why there is none.
 *
 * @param upstream the speech server's OpenAI-style base URL, ending in {@code /v1}, when there is one
 * @param provider {@code embedded} (the lab model's own speech), {@code speech-url} (LABKIT_SPEECH_URL or
 *     {@code --speech-url}) or {@code container}, for reports
 * @param unavailable why live checks of the speech roles are skipped (empty when a speech server is there)
 * @param voice the voice apps get as {@code LAB_TTS_VOICE}: the speech server's, or {@value #EMBEDDED_VOICE}
 *     for the lab model's own speech
 * @param stop what stops the speech server when grading ends (a container), or nothing
 */
public record LiveSpeech(Optional<URI> upstream, String provider, Optional<String> unavailable, String voice,
        AutoCloseable stop) {

    /** The voice of the lab model's own speech: OpenAI's first voice name, which every OpenAI client knows. */
    public static final String EMBEDDED_VOICE = "alloy";

    private static final AutoCloseable NOTHING = () -> { };

    /** No speech server: the lab model answers audio requests itself. */
    public static LiveSpeech none(String reason) {
        return new LiveSpeech(Optional.empty(), "embedded", Optional.of(reason), EMBEDDED_VOICE, NOTHING);
    }

    /** A speech server the user runs. */
    public static LiveSpeech at(URI v1, String voice) {
        return new LiveSpeech(Optional.of(v1), "speech-url", Optional.empty(), voice, NOTHING);
    }

    /** A speech server in a container started for the run; closing this stops it. */
    public static LiveSpeech in(SpeechContainer container, String voice) {
        return new LiveSpeech(Optional.of(container.url()), "container", Optional.empty(), voice, container);
    }
}
