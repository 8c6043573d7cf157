package dev.labkit.runner.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A submission's identity: the SHA-256 of its content, so that a regrade can tell an unchanged
 * submission from a changed one and two identical hand-ins are seen as such.
 */
public final class ContentHash {

    private ContentHash() {}

    /**
     * {@code "sha256:"} + 64 lowercase hex digits of the submission's content. For a folder: every
     * regular file's relative path (with {@code /}) and bytes, in the order of the paths, and every
     * link's path and target text; left out are the same folders and files the copy leaves out
     * ({@code .git/}, {@code target/}, {@code node_modules/}, {@code __MACOSX/}, {@code .DS_Store}).
     * For an archive (any file): its bytes. Same content, same hash; a changed byte, a renamed or an
     * added file, another.
     *
     * @throws IOException when a file cannot be read
     */
    public static String of(Path source) throws IOException {
        MessageDigest digest = sha256();
        if (Files.isDirectory(source)) {
            for (Map.Entry<String, Path> entry : entries(source.toRealPath()).entrySet()) {
                Path path = entry.getValue();
                boolean link = Files.isSymbolicLink(path);
                digest.update((link ? "L " : "F ").getBytes(StandardCharsets.US_ASCII));
                digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                if (link) {
                    digest.update(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8));
                } else {
                    digest.update(Long.toString(Files.size(path)).getBytes(StandardCharsets.US_ASCII));
                    digest.update((byte) 0);
                    digestBytes(path, digest);
                }
                digest.update((byte) 0);
            }
        } else {
            digestBytes(source, digest);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** The regular files and links under {@code root} by relative path with {@code /}, sorted. */
    private static Map<String, Path> entries(Path root) throws IOException {
        Map<String, Path> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SubmissionFiles.skipsFolder(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if ((attrs.isRegularFile() || attrs.isSymbolicLink())
                        && !SubmissionFiles.skipsFile(file.getFileName().toString())) {
                    entries.put(relative(root, file), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    /** {@code file}'s path relative to {@code root}, joined with {@code /} whatever the platform. */
    static String relative(Path root, Path file) {
        StringBuilder text = new StringBuilder();
        for (Path name : root.relativize(file)) {
            if (text.length() > 0) {
                text.append('/');
            }
            text.append(name);
        }
        return text.toString();
    }

    private static void digestBytes(Path file, MessageDigest digest) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
