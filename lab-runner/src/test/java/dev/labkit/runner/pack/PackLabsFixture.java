package dev.labkit.runner.pack;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A labs folder made for pack tests from the repository's lab 01: its brief, manifest, scaffold,
 * solution and broken variants as they are, plus what a self-contained lab has (a {@code checks/}
 * project against the check SDK, its compiled {@code checks/target/suite.jar}, a {@code hidden/}
 * file), a {@code fixtures/} file and build output that a pack must leave out. Also rewrites zips
 * entry by entry, to tamper with packs.
 */
public final class PackLabsFixture {

    public static final String LAB = "01-chatbot";

    private PackLabsFixture() {}

    /** {@code root/labs/01-chatbot} as described above, and {@code root/docs} (the docs the brief links to); returns {@code root/labs}. */
    public static Path labs(Path root) throws IOException {
        Path labs = root.resolve("labs");
        Path lab = labs.resolve(LAB);
        FileTrees.copy(TestLabs.home().resolve("labs").resolve(LAB), lab, Set.of());
        FileTrees.copy(TestLabs.home().resolve("docs"), root.resolve("docs"), Set.of());
        Path checks = lab.resolve("checks");
        if (!Files.isRegularFile(checks.resolve("pom.xml"))) {
            Files.createDirectories(checks.resolve("src/main/java/example"));
            Files.writeString(checks.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>example</groupId>
                      <artifactId>chatbot-checks</artifactId>
                      <version>1</version>
                      <properties><sdk.version>1.0.0</sdk.version></properties>
                      <dependencies>
                        <dependency>
                          <groupId>dev.labkit</groupId>
                          <artifactId>labkit-check-sdk</artifactId>
                          <version>${sdk.version}</version>
                          <scope>provided</scope>
                        </dependency>
                      </dependencies>
                      <build><finalName>suite</finalName></build>
                    </project>
                    """);
            Files.writeString(checks.resolve("src/main/java/example/ChatbotChecks.java"), "package example;\n"
                    + "final class ChatbotChecks {}\n");
        }
        Path jar = checks.resolve("target/suite.jar");
        if (!Files.isRegularFile(jar)) {
            Files.createDirectories(jar.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry("example/ChatbotChecks.class"));
                out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
                out.closeEntry();
            }
        }
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
