package dev.labkit.runner.pack;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.suite.SuiteBuild;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A labs folder made for pack tests from the repository's lab 01: its brief, manifest, scaffold,
 * solution, broken variants and checks (with the compiled {@code checks/target/suite.jar}) as they
 * are, plus a {@code hidden/} file, a {@code fixtures/} file, and build output that a pack must leave
 * out. Also rewrites zips entry by entry, to tamper with packs.
 */
public final class PackLabsFixture {

    public static final String LAB = "01-chatbot";

    private PackLabsFixture() {}

    /** {@code root/labs/01-chatbot} as described above, and {@code root/docs} (the docs the brief links to); returns {@code root/labs}. */
    public static Path labs(Path root) throws IOException {
        Path labs = root.resolve("labs");
        Path lab = labs.resolve(LAB);
        // Its suite built once in the checkout (again only when stale), and copied with its time.
        SuiteBuild.jar(TestLabs.lab(LAB), message -> { });
        FileTrees.copy(TestLabs.home().resolve("labs").resolve(LAB), lab, Set.of());
        FileTrees.copy(TestLabs.home().resolve("docs"), root.resolve("docs"), Set.of());
        // The copy's folders are new, so SuiteBuild would call the jar stale: it is built from exactly these sources.
        Files.setLastModifiedTime(lab.resolve(SuiteBuild.BUILT_JAR), FileTime.fromMillis(System.currentTimeMillis()));
        Files.createDirectories(lab.resolve("hidden"));
        Files.writeString(lab.resolve("hidden/questions.json"), "[{\"q\": \"a hidden question\"}]\n");
        Files.createDirectories(lab.resolve("fixtures"));
        Files.writeString(lab.resolve("fixtures/greeting.txt"), "hello\n");
        Files.createDirectories(lab.resolve("scaffold/target/classes"));
        Files.writeString(lab.resolve("scaffold/target/classes/Leftover.class"), "build output");
        Files.createDirectories(lab.resolve("solution/node_modules/x"));
        Files.writeString(lab.resolve("solution/node_modules/x/index.js"), "build output");
        return labs;
    }

    public static LabManifest lab(Path labs) {
        return Catalog.load(labs).require(LAB);
    }

    /** The entries of a zip, in order, with their bytes. */
    public static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                try (var in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** Writes {@code entries}, in order, as the zip {@code to}. */
    public static Path write(Map<String, byte[]> entries, Path to) throws IOException {
        try (OutputStream file = Files.newOutputStream(to); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return to;
    }

    /** {@code text} as UTF-8. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
