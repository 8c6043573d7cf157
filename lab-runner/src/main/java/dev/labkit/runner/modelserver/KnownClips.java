package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.AudioClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Known audio clips and their exact transcripts, for {@link LabModelServer.Config#clipTranscripts()}:
 * every {@code *.wav} file under a folder that has a sibling {@code <name>.txt} (UTF-8, its text
 * stripped of surrounding white space), as a lab's {@code fixtures/} keeps them.
 */
public final class KnownClips {

    private KnownClips() {}

    /**
     * The clips under {@code dir} (searched at any depth), by the SHA-256 (hex) of each WAV file's bytes;
     * empty when {@code dir} does not exist. A WAV file without a {@code .txt} sibling is left out.
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    public static Map<String, String> under(Path dir) {
        Map<String, String> clips = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return clips;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path wav : files.filter(f -> f.getFileName().toString().endsWith(".wav") && Files.isRegularFile(f))
                    .sorted().toList()) {
                String name = wav.getFileName().toString();
                Path text = wav.resolveSibling(name.substring(0, name.length() - ".wav".length()) + ".txt");
                if (Files.isRegularFile(text)) {
                    clips.put(AudioClip.of(Files.readAllBytes(wav)).sha256(),
                            Files.readString(text, StandardCharsets.UTF_8).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the known clips under " + dir, e);
        }
        return clips;
    }
}
