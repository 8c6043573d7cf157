package dev.labkit.runner.intake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an archive's entries are written, one checked entry at a time. An entry's name must stay
 * inside the folder once normalized: absolute names, drive letters, backslashes and {@code ..}
 * climbing out are refused. Symbolic links are kept only when they point inside: they are made after
 * every file (so that no entry is written through one), and each must then resolve, on the file
 * system, to a file inside the folder; a dangling link or one pointing outside is refused. A hard
 * link must name an earlier file of the archive and becomes a copy of it. Skipped entries
 * ({@link SubmissionFiles}) still count as entries.
 */
final class ArchiveTarget {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private final Path root;
    private final Budget budget;
    private final Map<Path, String> links = new LinkedHashMap<>();

    ArchiveTarget(Path root, Budget budget) {
        this.root = root;
        this.budget = budget;
    }

    /** A folder entry. */
    void directory(String name) throws IOException, SubmissionRejected {
        budget.countEntry(name);
        Optional<Path> path = place(name, true);
        if (path.isPresent()) {
            try {
                Files.createDirectories(path.get());
            } catch (FileAlreadyExistsException e) {
                throw twice(name);
            }
        }
    }

    /** A regular file's entry, read from {@code content} within the limits. */
    void file(String name, InputStream content) throws IOException, SubmissionRejected {
        budget.countEntry(name);
        Optional<Path> path = place(name, false);
        InputStream in = new ArchiveStream(content);
        if (path.isEmpty()) {
            budget.discard(in, name);
            return;
        }
        try {
            Files.createDirectories(path.get().getParent());
            budget.write(in, path.get(), name);
        } catch (FileAlreadyExistsException e) {
            throw twice(name);
        }
    }

    /** A symbolic link's entry, made by {@link #finish()} if it points inside. */
    void symbolicLink(String name, String target) throws IOException, SubmissionRejected {
        budget.countEntry(name);
        Optional<Path> path = place(name, false);
        if (path.isEmpty()) {
            return;
        }
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\\') >= 0 || DRIVE.matcher(target).matches()
                || target.indexOf('\0') >= 0) {
            throw new SubmissionRejected("link '" + name + "' points outside the submission (to " + target
                    + "): hand in the file itself instead of a link");
        }
        Path parent = root.relativize(path.get()).getParent();
        String fromRoot = (parent == null ? "" : slashed(parent) + "/") + target;
        if (normalized(fromRoot).isEmpty()) {
            throw new SubmissionRejected("link '" + name + "' points outside the submission (to " + target
                    + "): hand in the file itself instead of a link");
        }
        if (links.put(path.get(), target) != null) {
            throw twice(name);
        }
    }

    /** A hard link's entry (tar): a copy of the earlier entry {@code target}, if it is a file inside. */
    void hardLink(String name, String target) throws IOException, SubmissionRejected {
        budget.countEntry(name);
        Optional<Path> path = place(name, false);
        if (path.isEmpty()) {
            return;
        }
        Optional<List<String>> segments = validName(target).flatMap(ArchiveTarget::normalized);
        if (segments.isEmpty()) {
            throw new SubmissionRejected("hard link '" + name + "' points outside the submission (to " + target
                    + "): hand in the file itself instead of a link");
        }
        Path source = root.resolve(String.join("/", segments.get()));
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new SubmissionRejected("hard link '" + name + "' points to '" + target
                    + "', which is not a file before it in the archive");
        }
        try (InputStream in = Files.newInputStream(source)) {
            Files.createDirectories(path.get().getParent());
            budget.write(in, path.get(), name);
        } catch (FileAlreadyExistsException e) {
            throw twice(name);
        }
    }

    /** Makes the links, then checks that each resolves to something inside the folder. */
    void finish() throws IOException, SubmissionRejected {
        for (Map.Entry<Path, String> link : links.entrySet()) {
            Files.createDirectories(link.getKey().getParent());
            try {
                Files.createSymbolicLink(link.getKey(), Path.of(link.getValue()));
            } catch (FileAlreadyExistsException e) {
                throw twice(slashed(root.relativize(link.getKey())));
            }
        }
        Path realRoot = root.toRealPath();
        for (Map.Entry<Path, String> link : links.entrySet()) {
            String name = slashed(root.relativize(link.getKey()));
            Path real;
            try {
                real = link.getKey().toRealPath();
            } catch (NoSuchFileException e) {
                throw new SubmissionRejected("link '" + name + "' points to " + link.getValue()
                        + ", which is not in the archive: remove the link and hand in again");
            } catch (FileSystemException e) {
                throw new SubmissionRejected("link '" + name + "' cannot be followed (" + e.getReason()
                        + "; a loop of links?)");
            }
            if (!real.startsWith(realRoot)) {
                throw new SubmissionRejected("link '" + name + "' points outside the submission (to "
                        + link.getValue() + ", through other links): hand in the file itself instead of a link");
            }
        }
    }

    /**
     * Where the entry {@code name} goes, or empty when it is skipped (the root itself, a skipped
     * folder or file); refuses a name that is not a plain relative path staying inside.
     */
    private Optional<Path> place(String name, boolean directory) throws SubmissionRejected {
        Optional<String> valid = validName(name);
        if (valid.isEmpty()) {
            throw new SubmissionRejected("entry '" + printable(name) + "' has an absolute path, a drive letter or"
                    + " a backslash: archives must hold relative paths with /");
        }
        Optional<List<String>> segments = normalized(valid.get());
        if (segments.isEmpty()) {
            throw new SubmissionRejected("entry '" + printable(name) + "' would be written outside the submission"
                    + " (its path climbs out with ..)");
        }
        if (segments.get().isEmpty()) {
            return Optional.empty();
        }
        String relative = String.join("/", segments.get());
        if (SubmissionFiles.skips(relative, directory)) {
            return Optional.empty();
        }
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new SubmissionRejected("entry '" + printable(name) + "' would be written outside the submission");
        }
        return Optional.of(path);
    }

    /** The name without a trailing {@code /}, or empty when it is absolute, has a drive or a backslash. */
    private static Optional<String> validName(String name) {
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || DRIVE.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The path's segments with {@code .} and {@code ..} applied, or empty when {@code ..} climbs above the top. */
    private static Optional<List<String>> normalized(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return Optional.of(new ArrayList<>(segments));
    }

    private static String slashed(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static String printable(String name) {
        return name.replace("\0", "\\0");
    }

    private static SubmissionRejected twice(String name) {
        return new SubmissionRejected("entry '" + name + "' appears twice in the archive (or as a file and as a"
                + " folder)");
    }

    /** An archive's read failure, told apart from a failure to write the copy (disk full, say). */
    static final class Damaged extends IOException {
        private static final long serialVersionUID = 1L;

        Damaged(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Marks the archive's read failures as {@link Damaged}. */
    private static final class ArchiveStream extends FilterInputStream {
        ArchiveStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (Damaged e) {
                throw e;
            } catch (IOException e) {
                throw new Damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (Damaged e) {
                throw e;
            } catch (IOException e) {
                throw new Damaged(e);
            }
        }

        @Override
        public void close() {
            // The archive's reader closes the archive.
        }
    }
}
