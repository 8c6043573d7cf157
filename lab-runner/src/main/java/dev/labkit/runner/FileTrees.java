package dev.labkit.runner;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copying and deleting folder trees. Links are copied as links, never followed out of the tree;
 * paths are joined as paths, never through their text, so that any file name the file system
 * holds is copied as it is.
 */
public final class FileTrees {

    /** Build output and tool folders that a copy of a project leaves out. */
    public static final Set<String> BUILD_OUTPUT = Set.of("target", ".git", "node_modules", ".idea", "build", ".gradle");

    /**
     * Whether this JVM reads file names as UTF-8. Java takes the encoding of file names from the
     * locale when it starts ({@code sun.jnu.encoding}, which JDK 17 does not let {@code -D} change),
     * so with no locale set (cron, systemd, a bare container) it reads them as ASCII.
     */
    static final boolean UTF8_NAMES = utf8(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /** The one-line fix for {@link #UTF8_NAMES} being false. */
    public static final String UTF8_LOCALE_FIX = "set LC_ALL=C.UTF-8 (the ./lab launcher does)";

    private static final Set<PosixFilePermission> OWNER_ALL =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private FileTrees() {}

    private static boolean utf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Copies the tree under {@code from} into {@code to}, leaving out folders named in {@code
     * skipped}. Throws, naming the file, when one cannot be read; and when a name cannot be read as
     * text in this JVM's locale (see {@link #UTF8_NAMES}), since the programs the runner starts on
     * the copy would meet the same name in the same locale.
     */
    public static void copy(Path from, Path to, Set<String> skipped) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skipped.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                requireReadableName(dir);
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                requireReadableName(file);
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A name Java decoded with replacement characters: its bytes are not text in this JVM's encoding. */
    private static void requireReadableName(Path path) throws FileSystemException {
        Path name = path.getFileName();
        if (!UTF8_NAMES && name != null && name.toString().indexOf('\uFFFD') >= 0) {
            throw new FileSystemException(path.toString(), null, "Java cannot read this file name, as no UTF-8"
                    + " locale is set (LANG, LC_ALL and LC_CTYPE say " + System.getProperty("sun.jnu.encoding")
                    + "); " + UTF8_LOCALE_FIX);
        }
    }

    /**
     * Deletes a tree, making folders writable on the way: builds make read-only folders on purpose
     * (Go's module cache is {@code 0555}), and only the owner's write permission lets their entries
     * go. Links are removed, never followed.
     *
     * @return what could not be removed all the same, one {@code "path (reason)"} each; empty when the tree is gone
     */
    public static List<String> delete(Path root) {
        List<String> leftovers = new ArrayList<>();
        delete(root, leftovers);
        return leftovers;
    }

    private static void delete(Path path, List<String> leftovers) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            leftovers.add(path + " (" + reason(e) + ")");
            return;
        }
        if (attributes.isDirectory()) {
            makeOwnerAll(path);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    delete(entry, leftovers);
                }
            } catch (IOException e) {
                leftovers.add(path + " (" + reason(e) + ")");
                return;
            } catch (DirectoryIteratorException e) {
                leftovers.add(path + " (" + reason(e.getCause()) + ")");
                return;
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            // What it still holds is listed already.
        } catch (IOException e) {
            leftovers.add(path + " (" + reason(e) + ")");
        }
    }

    /** Lets the owner list, enter and change a folder (its owner, the runner's user, may always do so). */
    private static void makeOwnerAll(Path dir) {
        PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            if (posix == null) {
                dir.toFile().setWritable(true);
                return;
            }
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (!permissions.containsAll(OWNER_ALL)) {
                permissions.addAll(OWNER_ALL);
                posix.setPermissions(permissions);
            }
        } catch (IOException | SecurityException e) {
            // Not ours to change: deleting its entries fails next, and is reported.
        }
    }

    /**
     * What the file system said, in words for a person: {@code permission denied}, {@code no such
     * file}, or the system's own reason ({@code Device or resource busy}, ...).
     */
    /** Whether {@code dir} is a folder with nothing in it (false when it is missing or cannot be read). */
    public static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
