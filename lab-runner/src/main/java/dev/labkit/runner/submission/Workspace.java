package dev.labkit.runner.submission;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary folder for one grading run: a copy of the submission (so the learner's folder is
 * never built in or written to) and a data folder for the app. Deleted on close.
 */
public final class Workspace implements AutoCloseable {

    private final Path root;
    private final Path app;
    private final Path data;

    private Workspace(Path root) throws IOException {
        this.root = root;
        this.app = Files.createDirectory(root.resolve("app"));
        this.data = Files.createDirectory(root.resolve("data"));
    }

    /** Copies {@code submission} into a fresh temporary workspace. */
    public static Workspace copyOf(Path submission) {
        if (!Files.isDirectory(submission)) {
            throw LabException.notADirectory(submission);
        }
        try {
            Workspace workspace = new Workspace(Files.createTempDirectory("labkit-"));
            FileTrees.copy(submission, workspace.app, FileTrees.BUILD_OUTPUT);
            return workspace;
        } catch (IOException e) {
            throw LabException.of("cannot copy " + submission + " to a temporary folder: " + e.getMessage(), e);
        }
    }

    /** The copy of the submission: where it is built and run. */
    public Path app() {
        return app;
    }

    /** The app's writable data folder ({@code LAB_DATA_DIR}). */
    public Path data() {
        return data;
    }

    @Override
    public void close() {
        FileTrees.deleteQuietly(root);
    }
}
