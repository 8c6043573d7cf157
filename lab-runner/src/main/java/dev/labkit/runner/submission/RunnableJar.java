package dev.labkit.runner.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Finds the jar a default Maven build produced: one in {@code target/} with a {@code Main-Class}. */
final class RunnableJar {

    private RunnableJar() {}

    static Optional<Path> find(Path app) {
        Path target = app.resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(RunnableJar::isCandidate)
                    .filter(RunnableJar::hasMainClass)
                    .max(Comparator.comparingLong(RunnableJar::size));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isCandidate(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") && !name.startsWith("original-")
                && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar");
    }

    private static boolean hasMainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null && file.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
