package dev.labkit.runner.submission;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

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

    /** The folder that holds the copy, the data folder and the fixtures copy. */
    public Path root() {
        return root;
    }

    /** The copy of the submission: where it is built and run. */
    public Path app() {
        return app;
    }

    /** The app's writable data folder ({@code LAB_DATA_DIR}). */
    public Path data() {
        return data;
    }

    /**
     * A copy of the lab's fixtures, made on first use, so that an app can read them (and even
     * write to them) without ever touching the lab's own files.
     */
    public synchronized Path fixtures(Path labFixtures) {
        Path copy = root.resolve("fixtures");
        if (!Files.isDirectory(copy)) {
            try {
                Files.createDirectory(copy);
                if (Files.isDirectory(labFixtures)) {
                    FileTrees.copy(labFixtures, copy, Set.of());
                }
            } catch (IOException e) {
                throw LabException.of("cannot copy the lab's fixtures to " + copy + ": " + e.getMessage(), e);
            }
        }
        return copy;
    }

    @Override
    public void close() {
        FileTrees.deleteQuietly(root);
    }
}
