package com.example.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The agent's files: everything stays inside the workspace folder. Absolute paths, {@code ..}
 * escapes and symbolic links that lead outside are refused before anything is read or written.
 */
final class Sandbox {

    static final int MAX_READ = 20_000;

    private final Path root;

    Sandbox(Path workspace) throws IOException {
        Files.createDirectories(workspace);
        this.root = workspace.toRealPath();
    }

    String list(String path) throws ToolFailure, IOException {
        Path dir = inside(path);
        if (!Files.isDirectory(dir)) {
            throw new ToolFailure("not a folder: " + path);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                    .collect(Collectors.joining("\n"));
        }
    }

    String read(String path) throws ToolFailure, IOException {
        Path file = inside(path);
        if (!Files.isRegularFile(file)) {
            throw new ToolFailure("no such file: " + path);
        }
        String text = Files.readString(file);
        return text.length() <= MAX_READ ? text : text.substring(0, MAX_READ) + "\n[cut at " + MAX_READ + " characters]";
    }

    String write(String path, String content) throws ToolFailure, IOException {
        Path file = inside(path);
        if (Files.isDirectory(file)) {
            throw new ToolFailure("a folder has that name: " + path);
        }
        Files.createDirectories(file.getParent());
        inside(root.relativize(file.getParent()).toString()); // created folders are checked again
        Files.writeString(file, content);
        return "wrote " + content.length() + " characters to " + path;
    }

    /** The real location of {@code path}, which must be relative and stay inside the workspace. */
    private Path inside(String path) throws ToolFailure, IOException {
        String relative = path == null || path.isBlank() ? "." : path.strip();
        if (Path.of(relative).isAbsolute()) {
            throw new ToolFailure("absolute paths are not allowed: use a path inside the workspace");
        }
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new ToolFailure("the path leaves the workspace: " + path);
        }
        // Follow links through the deepest part that exists: a symbolic link may point outside.
        Path existing = resolved;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && !existing.equals(root)) {
            existing = existing.getParent();
        }
        if (!existing.toRealPath().startsWith(root)) {
            throw new ToolFailure("the path leads outside the workspace: " + path);
        }
        return resolved;
    }
}
