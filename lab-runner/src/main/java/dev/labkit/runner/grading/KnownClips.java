package dev.labkit.runner.grading;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A lab's known audio clips, whose exact transcripts the lab model answers transcriptions of: every
 * {@code *.wav} under the fixtures folder with a sibling {@code <name>.txt} (UTF-8) holding its transcript.
 */
final class KnownClips {

    private KnownClips() {}

    /**
     * The transcripts by the SHA-256 of each clip's bytes (64 lowercase hex digits), each stripped of
     * surrounding white space; empty when {@code fixtures} does not exist.
     *
     * @throws LabException when a clip or its transcript cannot be read
     */
    static Map<String, String> under(Path fixtures) {
        Map<String, String> transcripts = new TreeMap<>();
        if (!Files.isDirectory(fixtures)) {
            return transcripts;
        }
        try (Stream<Path> files = Files.walk(fixtures)) {
            for (Path clip : files.filter(KnownClips::isWav).sorted().toList()) {
                String name = clip.getFileName().toString();
                Path text = clip.resolveSibling(name.substring(0, name.length() - ".wav".length()) + ".txt");
                if (Files.isRegularFile(text)) {
                    transcripts.put(sha256(Files.readAllBytes(clip)),
                            Files.readString(text, StandardCharsets.UTF_8).strip());
                }
            }
            return transcripts;
        } catch (IOException e) {
            throw LabException.of("cannot read the audio clips in " + fixtures + ": " + e.getMessage(), e);
        }
    }

    private static boolean isWav(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
