package dev.labkit.runner.catalog;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Copies a lab's brief into a learner's project as {@value #BRIEF}, with its relative links made to
 * work there, where the LabKit checkout's folders are not beside it:
 * <ul>
 *   <li>a link into the LabKit {@code docs/} folder (beside the labs folder) points to a copy of that
 *       file in the project's {@value #DOCS} folder; the docs those link to are copied too, and so on;
 *   <li>a link to any other file that exists points to it in the checkout, by its absolute path;
 *   <li>anchors stay; URLs, {@code #anchor} links and links inside code are left as they are.
 * </ul>
 */
final class BriefCopy {

    static final String BRIEF = "BRIEF.md";
    private static final String DOCS = LabProject.DOCS;

    private final Path docsRoot;
    private final Path project;
    private final Deque<Path> pending = new ArrayDeque<>();
    private final Set<Path> queued = new HashSet<>();

    private BriefCopy(Path docsRoot, Path project) {
        this.docsRoot = docsRoot;
        this.project = project;
    }

    /** Writes {@code project/BRIEF.md} from the lab's README.md, and the docs it leads to into {@code project/docs/}. */
    static void copy(LabManifest lab, Path project) throws IOException {
        new BriefCopy(BriefDocs.docsRoot(lab), project.toAbsolutePath().normalize())
                .copyAll(lab.brief().toAbsolutePath().normalize());
    }

    private void copyAll(Path brief) throws IOException {
        write(brief, project.resolve(BRIEF));
        while (!pending.isEmpty()) {
            Path doc = pending.pop();
            Path copy = project.resolve(DOCS).resolve(docsRoot.relativize(doc));
            Files.createDirectories(copy.getParent());
            if (doc.getFileName().toString().endsWith(".md")) {
                write(doc, copy);
            } else {
                Files.copy(doc, copy); // an image, say: no links to follow
            }
        }
    }

    private void write(Path source, Path copy) throws IOException {
        String markdown = Files.readString(source, StandardCharsets.UTF_8);
        String rewritten = MarkdownLinks.rewrite(markdown, link -> link.isRelative() ? target(source, copy, link)
                : link.target());
        Files.writeString(copy, rewritten, StandardCharsets.UTF_8);
    }

    /** Where {@code link}, written in {@code source}, points from {@code copy}. */
    private String target(Path source, Path copy, MarkdownLinks.Link link) {
        Path target = source.getParent().resolve(link.path()).normalize();
        if (!Files.exists(target)) {
            return link.target(); // broken in the checkout too: the repository's link tests name it
        }
        if (target.startsWith(docsRoot) && Files.isRegularFile(target)) {
            if (queued.add(target)) {
                pending.add(target);
            }
            Path docCopy = project.resolve(DOCS).resolve(docsRoot.relativize(target));
            return slashes(copy.getParent().relativize(docCopy)) + link.anchor();
        }
        return slashes(target) + link.anchor();
    }

    private static String slashes(Path path) {
        return path.toString().replace(File.separatorChar, '/');
    }
}
