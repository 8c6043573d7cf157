package dev.labkit.runner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one exception a user sees: a one-line message that says what went wrong and what to do
 * next. Created through the factories named for the situation; printed by the CLI in one place.
 */
public final class LabException extends RuntimeException {

    private LabException(String message, Throwable cause) {
        super(message, cause);
    }

    public static LabException of(String message) {
        return new LabException(message, null);
    }

    public static LabException of(String message, Throwable cause) {
        return new LabException(message, cause);
    }

    public static LabException unknownLab(String id, Iterable<String> known) {
        return of("unknown lab '" + id + "': known labs are " + String.join(", ", known)
                + " (run `lab list`)");
    }

    public static LabException badManifest(Path file, String problem) {
        return of(file + ": " + problem);
    }

    /**
     * A fault of the runner itself while {@code doing} something (an {@link Error} in one of its
     * threads, say): reported as the runner's, so that it is never blamed on the submission.
     */
    public static LabException runnerFault(String doing, Throwable cause) {
        return of("the runner failed while " + doing + " (" + cause + "): nothing was graded, and this is not the"
                + " submission's fault; run again, and report it with the --verbose output if it happens again", cause);
    }

    /**
     * The runner's thread was interrupted (a cancelled grading, or an interrupt left set by its caller)
     * while {@code doing} something: nothing is graded, and the submission is not blamed for it.
     */
    public static LabException interrupted(String doing, InterruptedException cause) {
        Thread.currentThread().interrupt(); // the caller's to handle
        return of("grading was interrupted while " + doing + ": nothing was graded, and this is not the"
                + " submission's fault", cause);
    }

    public static LabException notADirectory(Path dir) {
        if (!Files.exists(dir)) {
            return of(dir + " does not exist: pass the folder of your lab project");
        }
        return of(dir + " is not a directory: pass the folder of your lab project");
    }

    /** The first line of a library's message (some run to many lines), or {@code missing} when it has none. */
    public static String firstLine(String message, String missing) {
        return message == null ? missing : message.lines().findFirst().orElse(message);
    }
}
