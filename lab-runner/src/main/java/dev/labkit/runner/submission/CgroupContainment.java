package dev.labkit.runner.submission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Each command in a cgroup v2 of its own, made under the runner's own cgroup (where the runner may
 * write there: root, or a systemd user session's delegated subtree). The command's shell moves
 * itself into the cgroup before it runs the command, so every process it starts is born inside;
 * what is left when the command ends is killed at once with {@code cgroup.kill} (Linux 5.14+).
 * A process can leave the cgroup only by writing to its parent's {@code cgroup.procs}, which the
 * runner's user may: the run's sweep is there for that.
 */
final class CgroupContainment extends Containment {

    private static final String ENTER = "echo 0 > \"$0/cgroup.procs\" && exec \"$@\"";
    private static final Duration EMPTY_LIMIT = Duration.ofSeconds(5);

    private final Path parent;

    CgroupContainment(Path parent) {
        super("cgroup", "each command in a cgroup of its own, killed whole when it ends", true);
        this.parent = parent;
    }

    /** The runner's own cgroup v2, when it has one with {@code cgroup.kill} that the runner may write. */
    static Optional<CgroupContainment> underOwnCgroup() {
        try {
            Optional<String> mount = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(line -> line.contains(" - cgroup2 ")).map(line -> line.split(" ")[4]).findFirst();
            Optional<String> own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                    .filter(line -> line.startsWith("0::")).map(line -> line.substring(3)).findFirst();
            if (mount.isEmpty() || own.isEmpty()) {
                return Optional.empty();
            }
            Path dir = Path.of(mount.get(), own.get().substring(1));
            return Files.isWritable(dir) && Files.isWritable(dir.resolve("cgroup.procs"))
                    ? Optional.of(new CgroupContainment(dir)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    Held hold(List<String> command) throws IOException {
        Path cgroup = Files.createDirectory(parent.resolve("labkit-" + UUID.randomUUID()));
        if (!Files.exists(cgroup.resolve("cgroup.kill"))) {
            Files.delete(cgroup);
            throw new IOException("no cgroup.kill in " + parent + " (Linux before 5.14)");
        }
        List<String> enter = new ArrayList<>(SessionContainment.SETSID);
        enter.addAll(List.of("sh", "-c", ENTER, cgroup.toString()));
        return new Held(wrapped(enter, command)) {
            @Override
            void discard() {
                removeQuietly(cgroup);
            }

            @Override
            List<String> killLeftovers(Process process) {
                List<String> left = cgroupMembers(cgroup).stream().map(ProcTable::describe).toList();
                try {
                    Files.writeString(cgroup.resolve("cgroup.kill"), "1");
                    long deadline = System.nanoTime() + EMPTY_LIMIT.toNanos();
                    while (!cgroupMembers(cgroup).isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                } catch (IOException e) {
                    // Gone already, or not ours any more: the sweep is the next net.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                removeQuietly(cgroup);
                return left;
            }
        };
    }

    /** An empty cgroup is removed with rmdir; one that still holds a process stuck in the kernel stays. */
    private static void removeQuietly(Path cgroup) {
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            // Not empty: left for the system to clean, nothing in it runs user code any more.
        }
    }

    private static List<Long> cgroupMembers(Path cgroup) {
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs"), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).map(Long::parseLong).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
