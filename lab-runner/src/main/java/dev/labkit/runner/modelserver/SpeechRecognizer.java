package dev.labkit.runner.modelserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Speech recognition with CMU PocketSphinx, when Debian's {@code pocketsphinx} (the
 * {@code pocketsphinx_continuous} program, 0.8+5prealpha) and {@code pocketsphinx-en-us} (its US English
 * acoustic model, language model and dictionary) are installed: the audio is converted to 16 kHz mono
 * 16-bit PCM, written to a temporary file of this request only, recognised with a time limit, and the
 * file deleted. Recognition is approximate: a small, general-purpose model.
 */
final class SpeechRecognizer {

    /** Enough for a minute of speech on a slow CPU. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private static final ExternalTool POCKETSPHINX = new ExternalTool("pocketsphinx_continuous", LIMIT);

    private SpeechRecognizer() {}

    static boolean installed() {
        return POCKETSPHINX.installed();
    }

    /**
     * The words recognised in a WAV file, in lower case, joined by spaces ({@code ""} when it heard none).
     *
     * @return empty when pocketsphinx is not installed
     * @throws IOException when the audio cannot be converted or pocketsphinx fails or runs too long
     */
    static Optional<String> recognise(byte[] wav) throws IOException {
        if (!installed()) {
            return Optional.empty();
        }
        byte[] samples = WavAudio.samples(wav, WavAudio.SPEECH_RATE)
                .orElseThrow(() -> new IOException("the audio is not a WAV file the JDK can convert to 16 kHz PCM"));
        Path file = Files.createTempFile("labkit-speech-", ".wav");
        try {
            Files.write(file, WavAudio.wav(samples, WavAudio.SPEECH_RATE));
            String output = POCKETSPHINX.run(List.of("-infile", file.toString(), "-logfn", "/dev/null"));
            return Optional.of(output.lines().map(String::strip).filter(l -> !l.isEmpty())
                    .collect(Collectors.joining(" ")));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
