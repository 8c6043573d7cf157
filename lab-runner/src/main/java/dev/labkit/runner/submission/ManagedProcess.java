package dev.labkit.runner.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose combined output is drained into a {@link LogTail} by an {@link OutputPump}
 * (so a chatty process never blocks on a full pipe, and an endless line costs bounded memory), and
 * whose whole process tree is stopped on close.
 */
final class ManagedProcess implements AppProcess {

    private static final Duration GRACE = Duration.ofSeconds(3);

    private final Process process;
    private final OutputPump output;

    private ManagedProcess(Process process, LogTail log) {
        this.process = process;
        this.output = OutputPump.start(process.getInputStream(), log, "log-drain-" + process.pid());
    }

    static ManagedProcess start(List<String> command, Path dir, Map<String, String> env, LogTail log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        try {
            return new ManagedProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits up to {@code timeout} for the process to exit; true when it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits briefly for the output to end so the log holds the process's last words. */
    @Override
    public void awaitLog() {
        output.awaitEnd(Duration.ofSeconds(1));
    }

    /** Stops the process and its descendants: politely first, then forcibly. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitLog();
    }
}
