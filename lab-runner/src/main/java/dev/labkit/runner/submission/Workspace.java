package dev.labkit.runner.submission;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.OwnedTempFolders;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Copies {@code submission} into a fresh temporary workspace. When the copy fails half-way (a file
     * the runner may not read, say), what was copied is deleted and the one-line error names the file,
     * what the system said, and what to do.
     */
    public static Workspace copyOf(Path submission) {
        if (!Files.isDirectory(submission)) {
            throw LabException.notADirectory(submission);
        }
        Path root;
        try {
            root = OwnedTempFolders.create("labkit-"); // a killed run's is deleted by the next lab grade
        } catch (IOException e) {
            throw LabException.of("cannot create a temporary folder in " + System.getProperty("java.io.tmpdir")
                    + " (" + FileTrees.reason(e) + "): free some space, or give another folder with"
                    + " -Djava.io.tmpdir", e);
        }
        try {
            Workspace workspace = new Workspace(root);
            FileTrees.copy(submission, workspace.app, FileTrees.BUILD_OUTPUT);
            return workspace;
        } catch (IOException e) {
            List<String> leftovers = FileTrees.delete(root);
            throw LabException.of(copyFailure(submission, e)
                    + (leftovers.isEmpty() ? "" : " (and the partial copy could not be deleted: "
                            + String.join(", ", leftovers) + ")"), e);
        }
    }

    private static String copyFailure(Path submission, IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        if (file == null) {
            return "cannot copy " + submission + " to a temporary folder: " + FileTrees.reason(e);
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read " + file + " in the submission: permission denied for the user running lab;"
                    + " make it readable (chmod -R u+rX " + submission + ") or remove it, then run again";
        }
        String reason = FileTrees.reason(e);
        return "cannot copy " + file + " from the submission: " + reason
                + (reason.endsWith(FileTrees.UTF8_LOCALE_FIX) ? "" : "; fix or remove it, then run again");
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

    /**
     * Deletes the workspace, whatever the build and the app made read-only in it.
     *
     * @return what could not be removed all the same, one {@code "path (reason)"} each (see {@link FileTrees#delete})
     */
    public List<String> delete() {
        return FileTrees.delete(root);
    }

    @Override
    public void close() {
        delete();
    }
}
