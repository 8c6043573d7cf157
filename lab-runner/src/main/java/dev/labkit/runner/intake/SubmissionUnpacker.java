package dev.labkit.runner.intake;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Makes a submission's project folder on disk: copies a folder or unpacks an archive ({@code .zip};
 * {@code .tar.gz} or {@code .tgz}) into a work folder, refusing whatever could write outside it or
 * fill the disk. What is refused, and why, is in docs/grading-a-class.md, section "Submissions".
 */
public final class SubmissionUnpacker {

    private final UnpackLimits limits;

    public SubmissionUnpacker(UnpackLimits limits) {
        this.limits = limits;
    }

    /**
     * Copies a folder (links are not followed: a link pointing outside the submission is refused) or
     * unpacks an archive into {@code into} (created; it must not exist or be empty). The folders
     * {@code .git/}, {@code target/} and {@code node_modules/} are left out (the build makes them
     * again), and so are {@code __MACOSX/} and {@code .DS_Store}; a submission left with nothing is
     * rejected. Limits are enforced while reading,
     * never from an archive's headers. A rejected submission leaves nothing behind in {@code into}.
     *
     * @return the project folder: {@code into}, or its single top-level folder when an archive holds just one
     * @throws SubmissionRejected with a one-line reason when the submission cannot be graded as it is
     * @throws IOException when the source cannot be read or {@code into} cannot be written
     * @throws LabException when {@code into} exists and is not an empty folder (the caller's mistake)
     */
    public Path materialize(Submission submission, Path into) throws SubmissionRejected, IOException {
        if (Files.exists(into, LinkOption.NOFOLLOW_LINKS) && !FileTrees.isEmptyDirectory(into)) {
            throw LabException.of(into + " is not an empty folder: a submission is unpacked into a new or empty"
                    + " folder; remove it or choose another");
        }
        Files.createDirectories(into);
        Budget budget = new Budget(limits);
        Path source = submission.source();
        try {
            if (Files.isDirectory(source)) {
                new FolderCopy(budget).copy(source, into);
            } else {
                archiveKind(source).unpack(source, into, budget);
            }
            if (FileTrees.isEmptyDirectory(into)) {
                throw new SubmissionRejected(source.getFileName() + " holds no file (.git/, target/, node_modules/"
                        + " and __MACOSX/ left out): hand in the project's sources");
            }
            return Files.isDirectory(source) ? into : topFolder(into);
        } catch (SubmissionRejected | IOException | RuntimeException e) {
            clear(into);
            throw e;
        }
    }

    /** The unpacker for an archive's name: {@code .zip}, {@code .tar.gz} or {@code .tgz}. */
    static ArchiveKind archiveKind(Path archive) throws SubmissionRejected {
        String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return ArchiveKind.ZIP;
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return ArchiveKind.TAR_GZ;
        }
        throw new SubmissionRejected(archive.getFileName() + " is neither a folder nor a .zip, .tar.gz or .tgz"
                + " archive");
    }

    /** {@code into}'s one entry when it is a folder (the archive's top folder), else {@code into}. */
    private static Path topFolder(Path into) throws IOException {
        try (Stream<Path> children = Files.list(into)) {
            List<Path> entries = children.limit(2).toList();
            if (entries.size() == 1 && Files.isDirectory(entries.get(0), LinkOption.NOFOLLOW_LINKS)) {
                return entries.get(0);
            }
            return into;
        }
    }

    /** Removes what a rejected submission wrote, keeping {@code into} itself (empty). */
    private static void clear(Path into) {
        try (Stream<Path> children = Files.list(into)) {
            children.forEach(FileTrees::delete);
        } catch (IOException e) {
            // Nothing listed, nothing written; the caller reports the first failure.
        }
    }
}
