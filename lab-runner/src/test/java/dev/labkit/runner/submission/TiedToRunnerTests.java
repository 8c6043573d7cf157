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
            assertThat(sleep.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));

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
