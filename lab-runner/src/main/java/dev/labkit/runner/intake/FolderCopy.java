package dev.labkit.runner.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a submission's folder: regular files and folders, within the limits; links are never
 * followed. A link whose target (as the file system resolves it) lies inside the submission is
 * copied as a relative link to the same place; a link pointing outside, or nowhere that can be
 * resolved, rejects the submission; so does any other kind of file (a FIFO, a device, a socket).
 * The folders {@link SubmissionFiles} skips are left out.
 */
final class FolderCopy {

    private final Budget budget;

    FolderCopy(Budget budget) {
        this.budget = budget;
    }

    /** Copies {@code source} (a folder; if a link, the folder it names) into the existing folder {@code to}. */
    void copy(Path source, Path to) throws IOException, SubmissionRejected {
        Path from = source.toRealPath();
        Path realRoot = from;
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.equals(from)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (SubmissionFiles.skipsFolder(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    String name = ContentHash.relative(from, dir);
                    rethrow(() -> budget.countEntry(name));
                    Files.createDirectory(to.resolve(from.relativize(dir)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = ContentHash.relative(from, file);
                    if (SubmissionFiles.skipsFile(file.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    rethrow(() -> {
                        budget.countEntry(name);
                        Path target = to.resolve(from.relativize(file));
                        if (attrs.isSymbolicLink()) {
                            copyLink(realRoot, from, file, target, name);
                        } else if (attrs.isRegularFile()) {
                            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                                budget.write(in, target, name);
                            }
                        } else {
                            throw new SubmissionRejected("'" + name + "' is not a regular file, folder or link"
                                    + " (a FIFO, device or socket): remove it and hand in again");
                        }
                    });
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (Rejection e) {
            throw e.rejected;
        }
    }

    /** Copies a link whose real target lies inside the submission as a relative link to the same place. */
    private static void copyLink(Path realRoot, Path from, Path link, Path target, String name)
            throws IOException, SubmissionRejected {
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            throw new SubmissionRejected("link '" + name + "' points to " + Files.readSymbolicLink(link)
                    + ", which does not exist: remove the link and hand in again");
        }
        if (!real.startsWith(realRoot)) {
            throw new SubmissionRejected("link '" + name + "' points outside the submission (to "
                    + Files.readSymbolicLink(link) + "): hand in the file itself instead of a link");
        }
        // The walk does not enter linked folders, so the link's parent is a real folder under the root.
        Path parent = from.relativize(link).getParent();
        Path inside = realRoot.relativize(real);
        Path relativeTarget = parent == null ? inside : parent.relativize(inside);
        if (relativeTarget.toString().isEmpty()) {
            relativeTarget = Path.of(".");
        }
        Files.createSymbolicLink(target, relativeTarget);
    }

    private interface Step {
        void run() throws IOException, SubmissionRejected;
    }

    private static void rethrow(Step step) throws IOException {
        try {
            step.run();
        } catch (SubmissionRejected e) {
            throw new Rejection(e);
        }
    }

    /** Carries a rejection out of the file visitor, whose methods may only throw IOException. */
    private static final class Rejection extends IOException {
        private static final long serialVersionUID = 1L;
        final SubmissionRejected rejected;

        Rejection(SubmissionRejected rejected) {
            super(rejected.reason());
            this.rejected = rejected;
        }
    }
}
