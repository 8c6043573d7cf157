package dev.labkit.runner.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What is left of the {@link UnpackLimits} while one submission is written: entries and bytes are
 * counted as they are written, so that a header's declared size is never trusted, and writing stops
 * at the limit (a file is never written past it).
 */
final class Budget {

    private final UnpackLimits limits;
    private int files;
    private long bytes;

    Budget(UnpackLimits limits) {
        this.limits = limits;
    }

    /** Counts one more entry (file, folder or link) named {@code name}. */
    void countEntry(String name) throws SubmissionRejected {
        files++;
        if (files > limits.maxFiles()) {
            throw new SubmissionRejected("more than " + limits.maxFiles() + " files (at entry '" + name
                    + "'): hand in the sources only, without build output or dependencies");
        }
    }

    /**
     * Writes {@code in} to a new file {@code target} (which must not exist), counting its bytes
     * against both the per-file and the total limit while reading; stops at the first byte past
     * either, and rejects the submission naming {@code name}.
     */
    void write(InputStream in, Path target, String name) throws IOException, SubmissionRejected {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            count(in, out, name);
        }
    }

    /** Reads {@code in} to its end without keeping it, counting its bytes like {@link #write}. */
    void discard(InputStream in, String name) throws IOException, SubmissionRejected {
        count(in, OutputStream.nullOutputStream(), name);
    }

    private void count(InputStream in, OutputStream out, String name) throws IOException, SubmissionRejected {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        while (true) {
            long room = Math.min(limits.maxFileBytes() - written, limits.maxBytes() - bytes);
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, room + 1));
            if (n < 0) {
                return;
            }
            if (n > room) {
                if (written + n > limits.maxFileBytes()) {
                    throw new SubmissionRejected("entry '" + name + "' is larger than " + limits.maxFileBytes()
                            + " bytes (counted while reading, whatever its header says): hand in the sources only");
                }
                throw new SubmissionRejected("more than " + limits.maxBytes() + " bytes in all (at entry '" + name
                        + "', counted while reading, whatever the headers say): hand in the sources only");
            }
            out.write(buffer, 0, n);
            written += n;
            bytes += n;
        }
    }
}
