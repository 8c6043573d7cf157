package dev.labkit.runner.similarity;

import dev.labkit.runner.FileTrees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a project that JPlag may read: regular files (links are neither followed nor read) outside build
 * output ({@link FileTrees#BUILD_OUTPUT}) and hidden folders, of at most {@link #MAX_FILE_BYTES} each (larger ones
 * are generated or minified, not written by a student).
 */
final class SourceFiles {

    static final long MAX_FILE_BYTES = 1024 * 1024;

    private SourceFiles() {}

    /** Every such file under {@code project}, as paths relative to it, sorted. */
    static List<Path> list(Path project) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(project, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skipped = FileTrees.BUILD_OUTPUT.contains(name) || name.startsWith(".");
                return !dir.equals(project) && skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && attrs.size() <= MAX_FILE_BYTES) {
                    files.add(project.relativize(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /**
     * Copies {@code language}'s files among {@code files} (relative to {@code project}) into {@code to}, keeping their
     * relative paths; how many it copied.
     */
    static int copy(Path project, List<Path> files, SourceLanguage language, Path to) throws IOException {
        int copied = 0;
        for (Path file : files) {
            if (language.isSource(file)) {
                Path target = to.resolve(file.toString());
                Files.createDirectories(target.getParent());
                Files.copy(project.resolve(file), target, LinkOption.NOFOLLOW_LINKS);
                copied++;
            }
        }
        return copied;
    }
}
