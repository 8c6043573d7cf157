package dev.labkit.runner.report;

import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes one report file whole or not at all: into a temporary file next to it, then moved over it, so that a
 * crash or a full disk never leaves half a report (and an earlier report stays until the new one replaces it).
 */
public final class ReportFile {

    private ReportFile() {}

    /**
     * Renders {@code result} with {@code writer} into {@code file} (UTF-8). Its folder must exist.
     *
     * @throws IOException when it cannot be written; {@code file} is then as it was and no temporary file is left
     */
    public static void write(Path file, ReportWriter writer, GradeResult result) throws IOException {
        Path absolute = file.toAbsolutePath();
        // Readable by all, as a file written in place would be (a temporary file is otherwise private).
        Path temp = absolute.getParent().getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))
                : Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                writer.write(result, out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
