package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.AppInstance;
import dev.labkit.checks.sdk.AppInstance.Termination;
import dev.labkit.runner.LoopbackServers;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The app's instances as real processes on this machine (apps/graceful, a tiny app that drains its requests
 * on SIGTERM): terminate sends the app's own process SIGTERM and waits for it, kills one that ignores it
 * after the grace period; replicas get their own port and data folder, and leave no process behind once
 * their check ends, whatever containment holds them. Tests that depend on the containment run with each kind
 * this machine allows.
 */
class AppInstancesTests {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Path workspace;
    private Path app;
    private final Leftovers leftovers = new Leftovers();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalHost host;
    private Replicas replicas;
    private RunningApp running;

    static Stream<Containment> kinds() {
        return Containment.available().stream();
    }

    @BeforeEach
    void copyTheApp() throws IOException {
        workspace = Files.createDirectory(temp.resolve("ws")).toRealPath();
        app = Files.createDirectory(workspace.resolve("app"));
        Files.createDirectory(workspace.resolve("data"));
        for (String file : List.of("GracefulApp.java", "submission.yaml")) {
            Files.copy(TestLabs.app("graceful").resolve(file), app.resolve(file));
        }
    }

    @AfterEach
    void stopEverything() {
        if (replicas != null) {
            replicas.close();
        }
        if (running != null) {
            running.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /** Builds the app on {@code kind} and starts it, waiting for {@code /ready}. */
    private RunningApp start(Containment kind, Map<String, String> extraEnv) {
        RunningApp.Started started = start(kind, extraEnv, "/ready", START_LIMIT);
        assertThat(started.outcome().ok()).as(started.outcome().reason()).isTrue();
        running = started.app();
        return running;
    }

    private RunningApp.Started start(Containment kind, Map<String, String> extraEnv, String health, Duration limit) {
        host = new LocalHost(workspace, leftovers, kind);
        SubmissionConfig config = SubmissionConfig.read(app);
        Outcome build = Builder.build(app, config, Duration.ofSeconds(120), Map.of(), host);
        assertThat(build.ok()).as(build.reason() + "\n" + build.log()).isTrue();
        Map<String, String> env = new HashMap<>(extraEnv);
        int port = LoopbackServers.freePort();
        env.put("PORT", Integer.toString(port));
        env.put("LAB_DATA_DIR", workspace.resolve("data").toString());
        AppLaunch launch = new AppLaunch(AppLaunch.command(app, config, host.java()).orElseThrow(), app, env, port,
                limit, health);
        replicas = new Replicas(host, workspace.resolve("replicas"));
        return RunningApp.start(launch, host, replicas);
    }

    @Test
    void anAppThatNeverAnswersTheLabsHealthPathIsToldWhichPathWasAwaited() {
        RunningApp.Started started = start(Containment.best(), Map.of(), "/health/ready", Duration.ofSeconds(4));

        assertThat(started.outcome().ok()).isFalse();
        assertThat(started.outcome().reason()).startsWith("the app did not answer GET /health/ready with 200 on port ")
                .endsWith(" within 4 s (does it listen on the port given in PORT?)");
        assertThat(started.app().isRunning()).as("stopped").isFalse();
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The processes that still work in the workspace (cwd or open files): none once all is stopped. */
    private List<String> processesInWorkspace() {
        return ProcTable.running().stream().map(ProcTable.Entry::pid)
                .filter(pid -> ProcTable.belongsTo(pid, workspace, "no-marker=" + workspace))
                .map(ProcTable::describe).toList();
    }

    private static void awaitLog(AppInstance instance, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!instance.logTail().contains(text)) {
            assertThat(System.nanoTime()).as("waiting for \"" + text + "\" in\n" + instance.logTail())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void terminateLetsTheRequestInFlightFinishAndReportsTheExit(Containment kind) throws Exception {
        RunningApp app = start(kind, Map.of());
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(app.url().resolve("/slow?ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        awaitLog(app, "slow request started");

        Termination termination = app.terminate(Duration.ofSeconds(10));

        assertThat(termination.exitedInTime()).as(kind + "\n" + app.logTail()).isTrue();
        assertThat(termination.exitCode()).as("the JVM's answer to SIGTERM").isEqualTo(143);
        assertThat(termination.took()).isGreaterThan(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(10));
        HttpResponse<String> answered = inFlight.get();
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("done");
        assertThat(app.isRunning()).isFalse();
        assertThat(app.logTail()).as("its last words are kept").contains("SIGTERM: draining 1 requests", "bye");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anAppThatIgnoresSigtermIsKilledAfterTheGracePeriod(Containment kind) throws Exception {
        RunningApp app = start(kind, Map.of("IGNORE_SIGTERM", "1"));

        Termination termination = app.terminate(Duration.ofSeconds(1));

        assertThat(termination.exitedInTime()).as(app.logTail()).isFalse();
        assertThat(termination.exitCode()).isEqualTo(-1);
        assertThat(termination.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(8));
        assertThat(app.isRunning()).isFalse();
        assertThat(app.logTail()).contains("SIGTERM: draining 0 requests");
        assertThat(processesInWorkspace()).as(kind.id()).isEmpty();
    }

    @Test
    void anAppTerminatedByACheckIsStartedAgainBeforeTheNextCheck() throws Exception {
        RunningApp app = start(Containment.best(), Map.of());
        app.terminate(Duration.ofSeconds(10));
        assertThat(app.isRunning()).isFalse();

        assertThat(app.settleBeforeCheck()).isEmpty();

        assertThat(app.isRunning()).isTrue();
        assertThat(get(app.url(), "/ready").statusCode()).isEqualTo(200);
        assertThat(app.settleBeforeCheck()).as("once is enough").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void replicasGetTheirOwnPortAndDataFolderAndAreStoppedWhenTheCheckEnds(Containment kind) throws Exception {
        RunningApp app = start(kind, Map.of());

        AppInstance first = app.startReplica();
        AppInstance second = app.startReplica();

        List<String> whoami = List.of(get(app.url(), "/whoami").body(), get(first.url(), "/whoami").body(),
                get(second.url(), "/whoami").body());
        assertThat(whoami).doesNotHaveDuplicates();
        assertThat(whoami.get(1)).isEqualTo("port=" + first.url().getPort() + ";data="
                + workspace.resolve("replicas/replica-1"));
        assertThat(whoami.get(2)).isEqualTo("port=" + second.url().getPort() + ";data="
                + workspace.resolve("replicas/replica-2"));
        try (Stream<Path> files = Files.list(workspace.resolve("replicas/replica-1"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("a new folder of its own, where it writes").containsExactly("started-on-" + first.url().getPort());
        }

        assertThat(replicas.endCheck()).isEqualTo(2);

        assertThat(first.isRunning()).isFalse();
        assertThat(second.isRunning()).isFalse();
        assertThatThrownBy(() -> get(first.url(), "/ready")).isInstanceOf(ConnectException.class);
        assertThat(app.isRunning()).as("a replica's end spares the app (" + kind + ")").isTrue();
        assertThat(get(app.url(), "/ready").statusCode()).isEqualTo(200);
        assertThat(leftovers.processes()).as("the app is not a leftover of its replicas").isEmpty();

        running.close();
        host.close();
        assertThat(processesInWorkspace()).as(kind.id()).isEmpty();
    }

    @Test
    void aReplicaTerminatesOnItsOwnAndTheAppGoesOn() throws Exception {
        RunningApp app = start(Containment.best(), Map.of());
        AppInstance replica = app.startReplica();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(replica.url().resolve("/slow?ms=1000")).build(),
                HttpResponse.BodyHandlers.ofString());
        awaitLog(replica, "slow request started");

        Termination termination = replica.terminate(Duration.ofSeconds(10));

        assertThat(termination.exitedInTime()).as(replica.logTail()).isTrue();
        assertThat(inFlight.get().body()).isEqualTo("done");
        assertThat(replica.logTail()).contains("bye");
        assertThat(app.logTail()).doesNotContain("SIGTERM");
        assertThat(app.settleBeforeCheck()).as("the app itself was not terminated").isEmpty();
        assertThat(get(app.url(), "/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aReplicaThatDoesNotComeUpFailsTheCheckWithItsLog() {
        start(Containment.best(), Map.of());
        AppLaunch broken = new AppLaunch(List.of("sh", "-c", "echo replica cannot start; exit 4"), app, Map.of(),
                LoopbackServers.freePort(), START_LIMIT, "/ready");

        assertThatThrownBy(() -> replicas.start(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("a replica of the app did not start: the replica exited with code 4 before"
                        + " answering GET /ready")
                .hasMessageContaining("replica cannot start");
    }
}
