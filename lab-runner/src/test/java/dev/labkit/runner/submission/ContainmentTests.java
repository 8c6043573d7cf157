package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.grading.LeftHelpersFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of containment this machine allows, with real processes: a command's detached helper
 * (fork, setsid, fork) is killed and named when the command ends or is stopped, whatever the kind;
 * in a PID namespace or a cgroup even one that also leaves the workspace, clears its environment and
 * closes its files. Kinds this machine does not allow are not run (each test names the kinds it ran).
 */
class ContainmentTests {

    @TempDir
    Path workspace;

    private final String token = UUID.randomUUID().toString();
    private final Leftovers leftovers = new Leftovers();

    static Stream<Containment> kinds() {
        return Containment.available().stream();
    }

    @AfterEach
    void killHelpersLeftByAFailedTest() {
        LeftHelpersFixture.kill("helper-" + token);
    }

    private List<ProcessHandle> helpers() {
        return LeftHelpersFixture.running("helper-" + token);
    }

    /**
     * fork (the subshell), setsid, fork (the subshell exits): the helper is reparented away at once.
     * The command goes on once the helper runs in its own session (it touches {@link #ready()}).
     */
    private String detachedHelper(String launcher, String prelude) {
        return "(setsid " + launcher + " -c '" + prelude + "touch " + ready() + "; while :; do sleep 1; done' helper-"
                + token + " &); until [ -e " + ready() + " ]; do sleep 0.05; done";
    }

    private Path ready() {
        return workspace.resolve("helper-ready");
    }

    private AppProcess run(Containment kind, String script) throws IOException {
        Path dir = Files.createDirectories(workspace.resolve("app"));
        return new LocalHost(workspace, leftovers, kind).start(List.of("sh", "-c", script), dir, Map.of(), new LogTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theHelperOfACommandThatEndedIsKilledAndNamed(Containment kind) throws Exception {
        try (AppProcess build = run(kind, detachedHelper("sh", "") + "; echo built")) {
            assertThat(build.waitFor(Duration.ofSeconds(20))).isTrue();
            assertThat(build.exitCode()).isZero();
        }

        assertThat(helpers()).as("helpers alive after the command ended (" + kind + ")").isEmpty();
        assertThat(leftovers.processes()).as(kind.id()).anySatisfy(left -> assertThat(left)
                .startsWith("build: ").contains("helper-" + token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aStoppedCommandGetsSigtermAndItsHelperIsKilled(Containment kind) throws Exception {
        Path stopped = workspace.resolve("stopped");
        AppProcess app = run(kind, "trap 'echo bye > " + stopped + "; exit 0' TERM; " + detachedHelper("sh", "")
                + "; while :; do sleep 0.1; done");
        awaitHelper();

        app.close();

        assertThat(stopped).as("the command was asked to stop with SIGTERM").hasContent("bye");
        assertThat(helpers()).as("helpers alive after the command was stopped (" + kind + ")").isEmpty();
        assertThat(leftovers.processes()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theExitCodeAndAMissingProgramAreReportedAsWithoutContainment(Containment kind) throws Exception {
        try (AppProcess build = run(kind, "exit 7")) {
            assertThat(build.waitFor(Duration.ofSeconds(20))).isTrue();
            assertThat(build.exitCode()).isEqualTo(7);
        }
        LocalHost host = new LocalHost(workspace, leftovers, kind);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> host.start(List.of("no-such-program-" + token),
                workspace, Map.of(), new LogTail()))).hasMessageStartingWith("cannot run no-such-program-" + token
                        + ": it is not on the PATH");
    }

    /** Leaves the workspace, drops the run's marker and closes its files: only the kernel still knows it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void inANamespaceOrACgroupEvenAHelperThatCoversItsTracksIsKilled(Containment kind) throws Exception {
        assumeTrue(kind instanceof PidNamespaceContainment || kind instanceof CgroupContainment,
                kind + " relies on the sweep, which such a helper escapes");
        String hidden = detachedHelper("env -i sh", "exec </dev/null >/dev/null 2>&1; cd /; ");
        try (AppProcess build = run(kind, hidden + "; echo built")) {
            assertThat(build.waitFor(Duration.ofSeconds(20))).isTrue();
        }

        assertThat(helpers()).as("helpers alive after the command ended (" + kind + ")").isEmpty();
    }

    @Test
    void theSweepFindsAProcessByItsWorkingFolderOrItsMarker() throws Exception {
        assumeTrue(ProcTable.available(), "no /proc here");
        Path inside = Files.createDirectories(workspace.resolve("app"));
        LocalHost host = new LocalHost(workspace, leftovers, new SessionContainment());
        Process byFolder = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", "helper-" + token)
                .directory(inside.toFile()).start();
        ProcessBuilder marked = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", "helper-" + token)
                .directory(Path.of("/").toFile());
        marked.environment().put(LocalHost.MARKER_VARIABLE, "not this run");
        Process otherRun = marked.start();
        try {
            assertThat(host.sweep()).as("what the sweep killed: the helper and its sleep").isNotEmpty()
                    .anySatisfy(killed -> assertThat(killed).contains("helper-" + token));
            assertThat(byFolder.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("killed").isTrue();
            assertThat(otherRun.isAlive()).as("a process of another run is left alone").isTrue();
        } finally {
            otherRun.destroyForcibly();
        }
    }

    @Test
    void aFolderThatHoldsTheTempFolderOrTheHomeIsNeverSwept() {
        for (String shared : List.of(System.getProperty("java.io.tmpdir"), System.getProperty("user.home"), "/")) {
            assertThatThrownBy(() -> new LocalHost(Path.of(shared), leftovers))
                    .hasMessageStartingWith("a run's workspace must be a folder of its own");
        }
    }

    private void awaitHelper() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(ready()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ready()).as("the helper started").exists();
    }
}
