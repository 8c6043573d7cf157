package dev.labkit.runner.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a lab's brief leads to, as {@code lab init} ({@link BriefCopy}) and a lab pack need
 * them: every existing file the brief links to by a relative link, inside the lab's folder or the
 * LabKit {@code docs/} folder beside the labs folder, and, for Markdown files among them, the files
 * those link to in the same places, and so on.
 */
public final class BriefDocs {

    private BriefDocs() {}

    /** The LabKit docs folder of a lab: {@code docs/} beside the folder that holds the lab's folder. */
    public static Path docsRoot(LabManifest lab) {
        return lab.dir().toAbsolutePath().normalize().getParent().resolveSibling("docs");
    }

    /**
     * The files the lab's brief leads to (absolute, normalized, in path order); none when it has no brief.
     *
     * @throws IOException when the brief or a linked Markdown file cannot be read
     */
    public static Set<Path> of(LabManifest lab) throws IOException {
        Path labDir = lab.dir().toAbsolutePath().normalize();
        Path docsRoot = docsRoot(lab);
        Set<Path> found = new TreeSet<>();
        Path brief = lab.brief().toAbsolutePath().normalize();
        if (!Files.isRegularFile(brief)) {
            return found;
        }
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(brief);
        while (!pending.isEmpty()) {
            Path source = pending.pop();
            for (MarkdownLinks.Link link : MarkdownLinks.in(Files.readString(source, StandardCharsets.UTF_8))) {
                if (!link.isRelative() || link.path().isEmpty()) {
                    continue;
                }
                Path target;
                try {
                    target = source.getParent().resolve(link.path()).normalize();
                } catch (InvalidPathException e) {
                    continue; // not a file name here: BriefCopy leaves it as written too
                }
                boolean inside = target.startsWith(labDir) || target.startsWith(docsRoot);
                if (inside && !target.equals(brief) && Files.isRegularFile(target) && found.add(target)
                        && target.getFileName().toString().endsWith(".md")) {
                    pending.add(target);
                }
            }
        }
        return found;
    }
}
