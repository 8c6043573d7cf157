package dev.labkit.runner.batch;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that a reader (or a crash) sees the old content or the new, never half of one: into a
 * temporary file next to it, then renamed over it with {@link StandardCopyOption#ATOMIC_MOVE} (rename(2) on
 * the same file system).
 */
public final class AtomicFiles {

    /** What goes into the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** The name {@link #write} gives its temporary file: {@code .<name><random digits>.tmp}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+[0-9]+\\.tmp");
    /** The output folder, its {@code submissions/} and each student's folder. */
    private static final int OUTPUT_DEPTH = 3;

    private AtomicFiles() {}

    /** Writes {@code file} (UTF-8) atomically, creating its folder; the temporary file never stays behind. */
    public static void write(Path file, Content content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code text} into {@code file} atomically. */
    public static void write(Path file, String text) throws IOException {
        write(file, out -> out.write(text));
    }

    /**
     * Deletes the temporary files that writes into {@code folder} (and its folders, three levels deep) left behind
     * when the process writing them was killed (SIGKILL, a crash: the {@code finally} of {@link #write} never ran).
     * For the start of a run into an output folder no other run writes to.
     *
     * @return the files deleted
     */
    public static List<Path> deleteLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> left;
        try (Stream<Path> files = Files.walk(folder, OUTPUT_DEPTH)) {
            left = files.filter(Files::isRegularFile)
                    .filter(file -> TEMPORARY.matcher(file.getFileName().toString()).matches()).toList();
        }
        for (Path file : left) {
            Files.deleteIfExists(file);
        }
        return left;
    }
}
