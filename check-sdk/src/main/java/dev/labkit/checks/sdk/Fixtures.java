package dev.labkit.checks.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lab's {@code fixtures/} folder: files checks read (documents, questions, images...). */
public final class Fixtures {

    private final Path dir;

    public Fixtures(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    /** The text of a fixture file; a clear error naming the file when it is missing. */
    public String read(String name) {
        Path file = path(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("lab fixture " + name + " is missing (looked in " + dir + ")");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lab fixture " + file, e);
        }
    }
}
