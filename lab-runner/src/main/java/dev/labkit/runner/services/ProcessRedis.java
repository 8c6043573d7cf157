package dev.labkit.runner.services;

import dev.labkit.runner.LabException;
import dev.labkit.runner.LoopbackServers;
import dev.labkit.runner.submission.TiedToRunner;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Redis as a local process: the {@code redis-server} installed on this machine (Debian's {@code redis-server}
 * package), on 127.0.0.1 at a free port, persisting nothing ({@code --save "" --appendonly no}), in a temporary
 * folder of its own (outside the run's workspace, so that the run's sweep of the app's processes leaves it
 * alone), its output in {@code redis.log} there. Stopping ends the process (SIGTERM, then SIGKILL after
 * {@value #GRACE_SECONDS} s); starting runs a new one on the same port.
 */
final class ProcessRedis implements ServiceServer {

    /** The program looked for on the PATH. */
    static final String PROGRAM = "redis-server";

    static final int GRACE_SECONDS = 5;

    private final Path executable;
    private final Path dir;
    private final int port;
    private Process process;

    private ProcessRedis(Path executable, Path dir, int port) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
    }

    /** {@code redis-server} on {@code path} (a PATH value), if there is one. */
    static Optional<Path> find(String path) {
        return Stream.of(path.split(File.pathSeparator)).filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, PROGRAM)).filter(Files::isExecutable).findFirst();
    }

    /** Starts {@code executable} on a free port of 127.0.0.1; its readiness is the caller's to await. */
    static ProcessRedis open(Path executable) {
        Path dir;
        try {
            dir = Files.createTempDirectory("labkit-redis-");
        } catch (IOException e) {
            throw LabException.of("cannot make a folder for redis-server in the temp folder: " + e.getMessage(), e);
        }
        ProcessRedis redis = new ProcessRedis(executable, dir, LoopbackServers.freePort());
        try {
            redis.start();
            return redis;
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @Override
    public String provider() {
        return "process";
    }

    @Override
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    @Override
    public boolean stoppable() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            process = TiedToRunner.start(builder); // dies with the runner, also on SIGKILL
        } catch (IOException e) {
            throw LabException.of("cannot run " + executable + ": " + e.getMessage(), e);
        }
    }

    /** Empty while the process runs; else its exit code and the last line it wrote. */
    Optional<String> gone() {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || current.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(executable + " exited with code " + current.exitValue() + ": " + lastLine());
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "no output";
        }
    }

    /** The process's id while it runs, for tests that look for leftovers. */
    synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public synchronized boolean stopped() {
        return process == null;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind: harmless.
        }
    }
}
