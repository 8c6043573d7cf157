package dev.labkit.runner.submission;

import dev.labkit.checks.sdk.AppInstance.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A child process whose combined output is drained into a {@link LogTail} by an {@link OutputPump}
 * (so a chatty process never blocks on a full pipe, and an endless line costs bounded memory), held
 * by a {@link Containment} so that everything it starts is stopped on close.
 */
final class ManagedProcess implements AppProcess {

    private final Process process;
    private final OutputPump output;
    private final Containment.Held held;
    private final Consumer<List<String>> leftovers;
    private boolean stopped;

    private ManagedProcess(Process process, LogTail log, Containment.Held held, Consumer<List<String>> leftovers) {
        this.process = process;
        this.held = held;
        this.leftovers = leftovers;
        this.output = OutputPump.start(process.getInputStream(), log, "log-drain-" + process.pid());
    }

    /**
     * Starts {@code command} held by {@code containment}; {@code leftovers} gets, once the command has
     * been stopped or has ended, a description of each process it left running (that was then killed).
     */
    static ManagedProcess start(List<String> command, Path dir, Map<String, String> env, LogTail log,
            Containment containment, Consumer<List<String>> leftovers) {
        requireRunnable(command.get(0), dir, env);
        Containment.Held held;
        try {
            held = containment.hold(command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare to run " + command.get(0) + " (" + containment + "): "
                    + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(held.command()).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        try {
            // Tied to the runner: a runner killed with SIGKILL takes the command (and its containment) along.
            return new ManagedProcess(TiedToRunner.start(builder), log, held, leftovers);
        } catch (IOException e) {
            held.discard();
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The command runs behind wrappers (setsid, unshare, a shell), so a program that is missing would
     * only show as exit code 127: it is looked up first, as the wrappers would, for a clear message.
     */
    private static void requireRunnable(String program, Path dir, Map<String, String> env) {
        if (program.contains("/")) {
            if (!Files.isExecutable(dir.resolve(program))) {
                throw new UncheckedIOException("cannot run " + program + ": no such executable file",
                        new IOException(program));
            }
            return;
        }
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        boolean found = Stream.of(path.split(java.io.File.pathSeparator)).filter(entry -> !entry.isEmpty())
                .anyMatch(entry -> Files.isExecutable(Path.of(entry, program)));
        if (!found) {
            throw new UncheckedIOException("cannot run " + program + ": it is not on the PATH (" + path + ")",
                    new IOException(program));
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The pid of the process the runner started (the outermost wrapper: its session's leader). */
    long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits briefly for the output to end so the log holds the process's last words. */
    @Override
    public void awaitLog() {
        output.awaitEnd(Duration.ofSeconds(1));
    }

    /**
     * SIGTERM to the command's own process only (see {@link Containment.Held#own}), never to the runner's
     * wrappers around it: the init of a PID namespace would end the namespace, killing the app mid-request.
     * The wrappers end when the command does, so waiting for the runner's child is waiting for the app.
     */
    @Override
    public Termination terminate(Duration grace) {
        long signalled = System.nanoTime();
        if (!process.isAlive()) {
            close();
            return new Termination(true, process.exitValue(), Duration.ZERO);
        }
        held.own(process).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        boolean exited;
        try {
            exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        if (!exited) {
            // The command, not the wrappers: a PID namespace's init still reports what was left when it ends.
            Containment.Held.signal(held.killable(process), ProcessHandle::destroyForcibly);
        }
        close();
        return new Termination(exited, exited ? process.exitValue() : -1,
                exited ? took : Duration.ofNanos(System.nanoTime() - signalled));
    }

    /**
     * Stops the command and everything it started, however detached (see {@link Containment}):
     * SIGTERM to its session, SIGKILL after a grace period, then whatever it left is killed and
     * reported. Only the first call does it.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!stopped) {
                stopped = true;
                leftovers.accept(held.stop(process));
            }
        }
        awaitLog();
    }
}
