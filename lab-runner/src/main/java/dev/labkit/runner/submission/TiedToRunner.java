package dev.labkit.runner.submission;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts the runner's long-lived commands (builds, apps, a Redis) so that they die with the runner however it
 * ends: also on SIGKILL, an OOM kill or a JVM crash, when none of the runner's own cleanup can run.
 *
 * <p>On Linux with util-linux {@code setpriv --pdeathsig} (2.33+; Debian 12 has 2.38) each command runs behind
 * {@code setpriv --pdeathsig KILL --}: the kernel sends SIGKILL to the command's first process when the runner goes
 * (prctl(2) {@code PR_SET_PDEATHSIG}; it survives the {@code exec} of the wrappers that follow, {@code setsid} and
 * {@code unshare}, which keep the pid). A runner that dies before {@code setpriv} has set the signal leaves no
 * command behind either: a shell between {@code setpriv} and the command ends unless its parent is still the
 * runner. What that first process takes along depends on the {@link Containment}:
 * under {@code pid-namespace} it is {@code unshare --kill-child}, whose death kills the namespace's init and so every
 * process of the namespace; under {@code cgroup}, {@code session} and {@code process-tree} only the first process
 * dies with the runner (see docs/grading-a-class.md, "A killed run").
 *
 * <p>The kernel sends the signal when the <em>thread</em> that started the process ends, not the process (prctl(2)):
 * a command started from a grading thread would be killed when that thread ends. So every command is started from
 * one thread of this class's, which lives as long as the JVM. Where {@code setpriv} is missing (macOS) commands
 * start as they are, and nothing ties them to the runner.
 */
public final class TiedToRunner {

    private static final List<String> SETPRIV = List.of("setpriv", "--pdeathsig", "KILL", "--");
    // setpriv sets the signal a moment after the runner started it, and the kernel does not look back: a runner
    // that died in that moment (a kill right after a start) would leave the command running with no signal to come
    // (prctl(2) PR_SET_PDEATHSIG). So a shell, run once the signal is set, goes on into the command only while its
    // parent is still the runner ($1), as prctl(2) advises (getppid() after the call).
    private static final List<String> RUNNER_STILL_THERE = List.of("sh", "-c",
            "[ \"$PPID\" = \"$1\" ] || exit 137; shift; exec \"$@\"", "labkit-tied");
    private static final long PROBE_LIMIT_SECONDS = 10;

    // One thread for the JVM's life (a single-thread executor's thread never times out, and a task's exception
    // is kept in its Future, not thrown on the thread).
    private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "labkit-process-starter");
        thread.setDaemon(true);
        return thread;
    });

    private TiedToRunner() {}

    /** Whether commands die with the runner here ({@code setpriv --pdeathsig} works; probed once). */
    public static boolean available() {
        return Probe.WORKS;
    }

    /**
     * Starts {@code builder}'s command tied to the runner: behind {@code setpriv --pdeathsig KILL --} and the
     * parent check when {@link #available()}, from the one starter thread. The builder's command is not changed.
     * Waits for the start even when interrupted (the process would start anyway, unknown to the caller), then keeps
     * the interrupt.
     *
     * @throws IOException as {@link ProcessBuilder#start()} does
     */
    public static Process start(ProcessBuilder builder) throws IOException {
        List<String> command = available() ? tied(builder.command(), ProcessHandle.current().pid())
                : builder.command();
        ProcessBuilder tied = copy(builder, command);
        Future<Process> started = STARTER.submit(tied::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException("cannot run " + command.get(0) + ": " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code command} behind setpriv and the check that its parent is still the process {@code runner} (a pid). */
    static List<String> tied(List<String> command, long runner) {
        List<String> line = new ArrayList<>(SETPRIV);
        line.addAll(RUNNER_STILL_THERE);
        line.add(Long.toString(runner));
        line.addAll(command);
        return List.copyOf(line);
    }

    private static ProcessBuilder copy(ProcessBuilder builder, List<String> command) {
        ProcessBuilder copy = new ProcessBuilder(command).directory(builder.directory())
                .redirectInput(builder.redirectInput()).redirectOutput(builder.redirectOutput())
                .redirectError(builder.redirectError()).redirectErrorStream(builder.redirectErrorStream());
        copy.environment().clear();
        copy.environment().putAll(builder.environment());
        return copy;
    }

    private static final class Probe {
        static final boolean WORKS = probe();

        private static boolean probe() {
            try {
                Process process = new ProcessBuilder(tied(List.of("true"), ProcessHandle.current().pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                boolean ended = process.waitFor(PROBE_LIMIT_SECONDS, TimeUnit.SECONDS);
                if (!ended) {
                    process.destroyForcibly();
                }
                return ended && process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
