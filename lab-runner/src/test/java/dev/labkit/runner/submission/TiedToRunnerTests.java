package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Commands started by {@link TiedToRunner} die with the runner's JVM when it is killed with SIGKILL (no cleanup of
 * its own runs), and live on while it runs, whichever of its threads started them and whether that thread ended.
 * Real processes: {@code sleep}, and a JVM of its own as the runner ({@link RunnerSample}).
 */
class TiedToRunnerTests {

    /** A runner in miniature: starts {@code sleep 120} tied to itself, prints its pid, then waits to be killed. */
    static final class RunnerSample {
        public static void main(String[] args) throws Exception {
            Process sleep = TiedToRunner.start(new ProcessBuilder("sleep", "120"));
            System.out.println(sleep.pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    /**
     * A runner in miniature that holds its command as the grader does: {@code sh -c 'sleep A & exec sleep B'} (B the
     * command, A a process it started) held by the containment named by its first argument; prints "started".
     */
    static final class HoldingRunnerSample {
        public static void main(String[] args) throws Exception {
            Containment kind = Containment.available().stream().filter(c -> c.id().equals(args[0])).findFirst()
                    .orElseThrow();
            ManagedProcess.start(List.of("sh", "-c", "sleep " + args[1] + " & exec sleep " + args[2]),
                    Path.of(System.getProperty("java.io.tmpdir")), java.util.Map.of(), new LogTail(), kind, left -> {});
            System.out.println("started");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    static java.util.stream.Stream<String> kinds() {
        return Containment.available().stream().map(Containment::id);
    }

    /**
     * What dies with a runner killed with SIGKILL, per containment: the command always; what the command started
     * only in a PID namespace (unshare --kill-child), since the parent-death signal reaches only the first process
     * (docs/grading-a-class.md, "A killed run").
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("kinds")
    void theCommandDiesWithTheRunnerAndInAPidNamespaceAllItStarted(String kind) throws Exception {
        assumeThat(TiedToRunner.available()).as("setpriv --pdeathsig works here (Linux, util-linux 2.33+)").isTrue();
        long token = 200_000 + new java.util.Random().nextInt(100_000) * 2L;
        String child = "sleep " + token;
        String command = "sleep " + (token + 1);
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldingRunnerSample.class.getName(), kind,
                Long.toString(token), Long.toString(token + 1)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).isEqualTo("started");
            assertThat(awaitCount(child, 1) + awaitCount(command, 1)).as("both sleeps run").isEqualTo(2);

            runner.destroyForcibly(); // SIGKILL on Linux
            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(awaitCount(command, 0)).as(kind + ": the command (" + command + ") is killed with the runner")
                    .isZero();
            int children = awaitCount(child, 0);
            if (kind.startsWith("pid-namespace")) {
                assertThat(children).as(kind + ": what the command started (" + child + ") is killed too").isZero();
            } else {
                assertThat(children).as(kind + ": only the first process gets the parent-death signal: "
                        + child + " is left (as docs/grading-a-class.md says)").isEqualTo(1);
            }
        } finally {
            runner.destroyForcibly();
            for (String sleep : List.of(child, command)) {
                pids(sleep).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    /** Waits up to 10 s until {@code count} live processes have the command line {@code commandLine}; returns the last count. */
    private static int awaitCount(String commandLine, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int found = pids(commandLine).size();
        while (found != count && System.nanoTime() < end) {
            Thread.sleep(100);
            found = pids(commandLine).size();
        }
        return found;
    }

    /** Live (not zombie) processes whose command line is exactly {@code commandLine}, from /proc. */
    private static List<Long> pids(String commandLine) throws IOException {
        List<Long> pids = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> procs = java.nio.file.Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String line = new String(java.nio.file.Files.readAllBytes(proc.resolve("cmdline")),
                            StandardCharsets.UTF_8).replace('\0', ' ').strip();
                    String stat = java.nio.file.Files.readString(proc.resolve("stat"));
                    char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
                    if (line.equals(commandLine) && state != 'Z' && state != 'X') {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        return pids;
    }

    @Test
    void aCommandDiesWithTheRunnerKilledWithSigkill() throws Exception {
        assumeThat(TiedToRunner.available()).as("setpriv --pdeathsig works here (Linux, util-linux 2.33+)").isTrue();
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunnerSample.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ProcessHandle sleep = null;
        try {
            String line = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("the sample runner's output: the pid of the command it started").matches("[0-9]+");
            sleep = ProcessHandle.of(Long.parseLong(line)).orElseThrow();
            // (Its command may still read /usr/bin/setpriv for a moment, until setpriv has exec'd sleep.)
            assertThat(sleep.isAlive()).as("the command runs while its runner does").isTrue();

            runner.destroyForcibly(); // SIGKILL on Linux
            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(sleep.onExit().orTimeout(10, TimeUnit.SECONDS).handle((h, e) -> e == null).get())
                    .as("the command (pid " + sleep.pid() + ") ended within 10 s of the runner's SIGKILL").isTrue();
        } finally {
            runner.destroyForcibly();
            if (sleep != null) {
                sleep.destroyForcibly();
            }
        }
    }

    /**
     * A runner killed the moment it started a command, before {@code setpriv} has set the signal (the kernel then
     * sends none), leaves nothing running either. The runner here is a bash that starts the tied command line in the
     * background and SIGKILLs itself at once, 20 times: without the parent check each {@code sleep} lives on (20 of
     * 20 here). A JVM cannot die that fast (its halt outlasts setpriv's start), but a loaded machine can stall the
     * command that long: CI once saw a command outlive a runner killed right after starting it.
     */
    @Test
    void aCommandDiesWithARunnerKilledTheMomentItStartedIt() throws Exception {
        assumeThat(TiedToRunner.available()).as("setpriv --pdeathsig works here (Linux, util-linux 2.33+)").isTrue();
        String token = Integer.toString(300_000 + new java.util.Random().nextInt(100_000));
        List<String> line = new java.util.ArrayList<>(List.of("bash", "-c", """
                for ((run = 0; run < 20; run++)); do
                  bash -c 'args=(); for a in "$@"; do [ "$a" = RUNNER ] && a=$$; args+=("$a"); done
                           "${args[@]}" & kill -KILL $$' bash "$@"
                done""", "bash"));
        line.addAll(TiedToRunner.tied(List.of("sleep", token), -1).stream().map(a -> a.equals("-1") ? "RUNNER" : a)
                .toList());
        try {
            Process runners = new ProcessBuilder(line).redirectErrorStream(true).start();
            assertThat(runners.waitFor(30, TimeUnit.SECONDS)).as("20 runners started and killed").isTrue();
            assertThat(awaitCount("sleep " + token, 0)).as("commands still running 10 s after their runner was killed")
                    .isZero();
        } finally {
            pids("sleep " + token).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /**
     * The parent-death signal follows the thread that started the process (prctl(2)): a command started from a
     * grading thread that then ends must not die with that thread.
     */
    @Test
    void aCommandOutlivesTheThreadThatStartedIt() throws Exception {
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                started.set(TiedToRunner.start(new ProcessBuilder(List.of("sleep", "60"))));
            } catch (IOException | RuntimeException e) {
                failed.set(e);
            }
        });
        thread.start();
        thread.join(10_000);
        assertThat(failed.get()).isNull();
        Process sleep = started.get();
        try {
            assertThat(thread.isAlive()).isFalse();
            assertThat(sleep.waitFor(1, TimeUnit.SECONDS)).as("sleep 60 still runs after its starting thread ended")
                    .isFalse();
        } finally {
            sleep.destroyForcibly();
        }
    }
}
