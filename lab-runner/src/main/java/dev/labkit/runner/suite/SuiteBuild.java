package dev.labkit.runner.suite;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The compiled checker suite of a lab: {@code checks/suite.jar} as a lab pack carries it, else
 * {@code checks/target/suite.jar} built from the lab's {@code checks/} Maven project (again when any
 * file of {@code checks/pom.xml} or {@code checks/src/} is newer than the jar). Builds of one lab are
 * serialised: within this runner by a lock per folder, across runners by a file lock.
 */
public final class SuiteBuild {

    /** Where a lab pack keeps the compiled suite, relative to the lab's folder. */
    public static final String PACKED_JAR = "checks/suite.jar";
    /** Where Maven puts it ({@code <finalName>suite</finalName>}), relative to the lab's folder. */
    public static final String BUILT_JAR = "checks/target/suite.jar";

    private static final long BUILD_LIMIT_MINUTES = 10;
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private SuiteBuild() {}

    /**
     * The jar of the lab's suite, built first when needed; empty when the lab has no {@code checks/}
     * folder (its suite is then looked up on the runner's own class path).
     *
     * @param progress told once, before a build starts (a build takes 10-60 s)
     * @throws LabException when the build fails (the message names the log) or cannot start
     */
    public static Optional<Path> jar(LabManifest lab, Consumer<String> progress) {
        Path packed = lab.dir().resolve(PACKED_JAR);
        if (Files.isRegularFile(packed)) {
            return Optional.of(packed);
        }
        Path project = lab.checks();
        if (!Files.isRegularFile(project.resolve("pom.xml"))) {
            return Optional.empty();
        }
        Path jar = lab.dir().resolve(BUILT_JAR);
        synchronized (LOCKS.computeIfAbsent(project.toAbsolutePath().normalize(), dir -> new Object())) {
            if (upToDate(project, jar)) {
                return Optional.of(jar);
            }
            try (FileChannel channel = FileChannel.open(Files.createDirectories(project.resolve("target"))
                    .resolve(".build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (!upToDate(project, jar)) { // another runner may have built it while this one waited
                    progress.accept("Building the checks of lab " + lab.id() + " (" + project + ")");
                    build(lab, project, jar);
                }
            } catch (IOException e) {
                throw LabException.of("cannot build the checks of lab " + lab.id() + " in " + project + ": "
                        + e.getMessage(), e);
            }
        }
        return Optional.of(jar);
    }

    private static void build(LabManifest lab, Path project, Path jar) throws IOException {
        Path log = Files.createTempFile("labkit-checks-" + lab.id() + "-", ".log");
        Process maven = new ProcessBuilder(List.of("mvn", "-B", "-ntp", "-q", "-DskipTests", "package"))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        maven.getOutputStream().close(); // nothing to read: Maven never waits for input
        try {
            if (!maven.waitFor(BUILD_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                maven.descendants().forEach(ProcessHandle::destroyForcibly);
                maven.destroyForcibly();
                throw LabException.of("building the checks of lab " + lab.id() + " took more than "
                        + BUILD_LIMIT_MINUTES + " minutes; Maven's log: " + log);
            }
        } catch (InterruptedException e) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            Thread.currentThread().interrupt();
            throw LabException.of("interrupted while building the checks of lab " + lab.id(), e);
        }
        if (maven.exitValue() != 0 || !Files.isRegularFile(jar)) {
            String text = Files.readString(log);
            String hint = text.contains("labkit-check-sdk")
                    ? " (the check SDK is missing from the local Maven repository: run ./lab once, which installs"
                            + " it, or `mvn -q install -pl check-sdk -am` in the LabKit checkout)"
                    : " (fix the checks, then run `mvn -q package` in " + project + " to see the errors)";
            throw LabException.of("building the checks of lab " + lab.id() + " failed" + hint + "; Maven's log: "
                    + log);
        }
        // The jar plugin keeps an unchanged jar with its old time: mark it as built from these sources.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
        Files.deleteIfExists(log);
    }

    /** Whether the jar exists and no file of the project (its pom, its sources) is newer. */
    static boolean upToDate(Path project, Path jar) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            if (Files.getLastModifiedTime(project.resolve("pom.xml")).compareTo(built) > 0) {
                return false;
            }
            Path sources = project.resolve("src");
            if (!Files.isDirectory(sources)) {
                return true;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                return files.noneMatch(file -> {
                    try {
                        return Files.getLastModifiedTime(file).compareTo(built) > 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
