package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binary files of the lab's {@code fixtures/} folder (images and clips), read whole. */
final class FixtureFiles {

    static final String APPLE = "images/apple.png";
    static final String MARKET = "images/market-2400x1600.png";
    static final String EXIF_ROTATED = "images/exif-rotated.jpg";
    static final String NOT_AN_IMAGE = "images/not-an-image.png";
    static final String TRUNCATED = "images/truncated.png";
    static final String QUESTION = "audio/question.wav";
    static final String QUESTION_TEXT = "audio/question.txt";
    static final String TOO_LONG = "audio/too-long.wav";
    static final String NOT_A_WAV = "audio/not-a-wav.wav";

    private FixtureFiles() {}

    /** The bytes of a fixture; a clear error naming the file when it is missing. */
    static byte[] bytes(Fixtures fixtures, String name) {
        Path file = fixtures.path(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("lab fixture " + name + " is missing (looked in " + fixtures.dir() + ")");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lab fixture " + file, e);
        }
    }

    /** The file name part of a fixture's name: {@code images/apple.png} gives {@code apple.png}. */
    static String fileName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
