package dev.labkit.runner.modelserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Optical character recognition with Tesseract, when Debian's {@code tesseract-ocr} (the
 * {@code tesseract} program and its English data) is installed: the image, as PNG in a temporary file of
 * this request only, is read with a time limit, and the file deleted.
 */
final class TextRecognizer {

    static final Duration LIMIT = Duration.ofSeconds(30);

    private static final ExternalTool TESSERACT = new ExternalTool("tesseract", LIMIT);

    private TextRecognizer() {}

    static boolean installed() {
        return TESSERACT.installed();
    }

    /**
     * The text in a PNG image, its lines joined by spaces ({@code ""} when none was found).
     *
     * @return empty when tesseract is not installed
     * @throws IOException when tesseract fails or runs too long
     */
    static Optional<String> read(byte[] png) throws IOException {
        if (!installed()) {
            return Optional.empty();
        }
        Path file = Files.createTempFile("labkit-ocr-", ".png");
        try {
            Files.write(file, png);
            String output = TESSERACT.run(List.of(file.toString(), "stdout", "-l", "eng"));
            return Optional.of(output.lines().map(String::strip).filter(l -> !l.isEmpty())
                    .collect(Collectors.joining(" ")));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
