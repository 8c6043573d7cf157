package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in the middle of grading stops the lab's services too: a grading JVM stopped by a signal leaves no Redis. */
class ServiceInterruptTests {

    @TempDir
    Path temp;

    @Test
    void aRunStoppedLikeCtrlCLeavesNoRedisServerRunning() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        assumeTrue(Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, "redis-server"))),
                "redis-server is not installed (apt-get install redis-server)");
        Path marker = temp.resolve("redis-url");
        Path log = temp.resolve("run.log");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ServiceInterruptFixture.MARKER + "=" + marker, "-Djava.io.tmpdir=" + temp,
                "-Dlabkit.home=" + TestLabs.home(), "-cp", System.getProperty("java.class.path"),
                ServiceInterruptFixture.class.getName(), temp.resolve("lab").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(marker) || Files.readString(marker).isBlank()) {
                assertThat(run.isAlive()).as("the grading run ended early:\n" + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the check never said where Redis is").isLessThan(deadline);
                Thread.sleep(100);
            }
            URI redis = URI.create(Files.readString(marker).strip());
            List<ProcessHandle> servers = redisServers(run.toHandle());
            assertThat(servers).as("redis-server running during the check").hasSize(1);

            run.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("the run stops").isTrue();

            assertThat(servers.get(0).isAlive()).as("redis-server left running after the run was stopped").isFalse();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), redis.getPort()), 1000);
                throw new AssertionError("something still listens at " + redis);
            } catch (java.io.IOException refused) {
                // Nothing there.
            }
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    /**
     * The redis-server processes {@code parent} started, by their program (Redis rewrites its title; Debian's
     * redis-server is a link to redis-check-rdb, which the program is then named).
     */
    static List<ProcessHandle> redisServers(ProcessHandle parent) {
        return parent.descendants().filter(p -> p.info().command().orElse("").matches(".*/redis-(server|check-rdb)"))
                .toList();
    }
}
