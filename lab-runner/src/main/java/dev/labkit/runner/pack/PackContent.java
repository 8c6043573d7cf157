package dev.labkit.runner.pack;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.BriefDocs;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.suite.SuiteBuild;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * Which files of a lab go into a pack, by entry name. Both editions: {@code lab.yaml}, {@code
 * README.md}, {@code scaffold/}, {@code fixtures/}, the files of the lab the brief links to, the LabKit
 * docs it links to (under {@code docs/}), and the compiled suite ({@code checks/target/suite.jar},
 * built when stale, as {@code checks/suite.jar}). The full edition also has every other file of the lab's folder: {@code
 * solution/}, {@code broken/}, {@code hidden/}, the checks' sources. Never build output ({@link
 * FileTrees#BUILD_OUTPUT}: {@code target/}, {@code node_modules/}...), and never links.
 */
final class PackContent {

    /** What a learner edition keeps of a lab's own folder, besides the files the brief links to. */
    private static final Set<String> LEARNER_TOP = Set.of("lab.yaml", "README.md", "scaffold", "fixtures");
    /** Never in a learner edition, even when the brief links into them. */
    private static final Set<String> INSTRUCTOR_ONLY = Set.of("solution", "broken", "hidden", "checks");

    private PackContent() {}

    /**
     * The entries for {@code lab}, added to {@code entries} (entry name -> file); a one-line error when
     * the lab's suite cannot be built.
     */
    static void add(LabManifest lab, PackEdition edition, SortedMap<String, Path> entries, Consumer<String> progress) {
        Path dir = lab.dir().toAbsolutePath().normalize();
        String prefix = PackLayout.LABS + "/" + lab.id() + "/";
        try {
            walk(dir, relative -> edition == PackEdition.FULL || LEARNER_TOP.contains(top(relative)),
                    prefix, entries);
            Path docsRoot = BriefDocs.docsRoot(lab);
            for (Path linked : BriefDocs.of(lab)) {
                if (linked.startsWith(dir)) {
                    String relative = slashes(dir.relativize(linked));
                    if (edition == PackEdition.FULL || !INSTRUCTOR_ONLY.contains(top(relative))) {
                        entries.put(prefix + relative, linked);
                    }
                } else {
                    entries.put(PackLayout.DOCS + "/" + slashes(docsRoot.relativize(linked)), linked);
                }
            }
        } catch (IOException e) {
            throw LabException.of("cannot read lab " + lab.id() + " in " + dir + " (" + FileTrees.reason(e)
                    + "): check its files can be read", e);
        }
        entries.put(prefix + PackLayout.SUITE_JAR, suiteJar(lab, progress));
    }

    /**
     * The compiled suite: {@code checks/suite.jar} in a lab extracted from a pack, else {@code
     * checks/target/suite.jar}, built first by Maven when missing or older than the checks' sources
     * ({@link SuiteBuild}).
     */
    static Path suiteJar(LabManifest lab, Consumer<String> progress) {
        return SuiteBuild.jar(lab, progress).orElseThrow(() -> LabException.of("lab " + lab.id() + " has no checks/"
                + " folder with its checker suite (" + lab.checks().resolve("pom.xml") + "): a pack carries each lab's"
                + " compiled suite; see docs/writing-labs.md"));
    }

    private interface Filter {
        boolean keep(String relative);
    }

    private static void walk(Path root, Filter filter, String prefix, Map<String, Path> entries)
            throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (d.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = slashes(root.relativize(d));
                return FileTrees.BUILD_OUTPUT.contains(d.getFileName().toString()) || !filter.keep(relative)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String relative = slashes(root.relativize(file));
                if (attrs.isRegularFile() && !Files.isSymbolicLink(file) && filter.keep(relative)) {
                    entries.put(prefix + relative, file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String top(String relative) {
        int slash = relative.indexOf('/');
        return slash < 0 ? relative : relative.substring(0, slash);
    }

    private static String slashes(Path path) {
        return path.toString().replace(java.io.File.separatorChar, '/');
    }
}
