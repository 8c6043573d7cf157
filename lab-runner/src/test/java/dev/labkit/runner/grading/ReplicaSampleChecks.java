package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.AppInstance;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.LoadBalancer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * A checker suite for the grader's own tests, run against {@code apps/graceful} (whose health path is
 * {@code /ready}): checks that start replicas and a load balancer, terminate the app, read the app's folder,
 * and checks after them that find what the earlier ones started stopped. Run only by {@link ReplicaGradingTests}.
 */
@LabChecks
public class ReplicaSampleChecks {

    /** What the previous checks started, for the checks after them. */
    static volatile List<URI> startedByEarlierChecks = List.of();

    @Check(id = "replicas.a-start", title = "Starts two replicas and a balancer", points = 1)
    void startsReplicasAndABalancer(AppControl app, AppClient client, LabEnvironment environment) throws Exception {
        AppInstance first = app.startReplica();
        AppInstance second = app.startReplica();
        LoadBalancer balancer = app.roundRobin(List.of(first, second));
        startedByEarlierChecks = List.of(first.url(), second.url(), balancer.url());

        AppClient throughBalancer = client.at(balancer.url());
        String one = throughBalancer.get("/whoami").body();
        String two = throughBalancer.get("/whoami").body();

        assertThat(one).startsWith("port=" + first.url().getPort() + ";data=");
        assertThat(two).startsWith("port=" + second.url().getPort() + ";data=");
        assertThat(one.substring(one.indexOf(";data=")))
                .isNotEqualTo(two.substring(two.indexOf(";data=")))
                .isNotEqualTo(";data=" + environment.appEnvironment().get("LAB_DATA_DIR"));
        assertThat(balancer.requestsPerInstance()).containsExactly(1, 1);
        assertThat(environment.appDir().resolveSibling("replicas").resolve("replica-1")
                .resolve("started-on-" + first.url().getPort())).as("the replica wrote in its LAB_DATA_DIR").exists();
    }

    @Check(id = "replicas.b-gone", title = "Finds the replicas of the last check stopped", points = 1)
    void findsTheReplicasOfTheLastCheckStopped() {
        assertThat(startedByEarlierChecks).hasSize(3);
        startedByEarlierChecks.forEach(ReplicaSampleChecks::assertNothingListens);
    }

    @Check(id = "replicas.c-terminate", title = "Terminates the app", points = 1)
    void terminatesTheApp(AppControl app) {
        AppInstance.Termination termination = app.terminate(Duration.ofSeconds(10));

        assertThat(termination.exitedInTime()).isTrue();
        assertThat(termination.exitCode()).isEqualTo(143);
        assertThat(app.isRunning()).isFalse();
        assertThat(app.logTail()).contains("bye");
    }

    @Check(id = "replicas.d-back", title = "Finds the app started again after it was terminated", points = 1)
    void findsTheAppBack(AppControl app, AppClient client) {
        assertThat(app.isRunning()).isTrue();
        assertThat(client.get("/ready").status()).isEqualTo(200);
    }

    @Check(id = "replicas.e-app-dir", title = "Reads the app's folder as built", points = 1)
    void readsTheAppFolder(LabEnvironment environment) {
        assertThat(Files.isRegularFile(environment.appDir().resolve("target/graceful.jar"))).isTrue();
        assertThat(environment.appDir().resolve("submission.yaml")).exists();
    }

    @Check(id = "replicas.f-cut-off", title = "Is cut off while its replica runs", points = 1)
    void isCutOffWhileItsReplicaRuns(AppControl app) throws Exception {
        startedByEarlierChecks = List.of(app.startReplica().url());
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    @Check(id = "replicas.g-gone", title = "Finds the replica of the cut-off check stopped", points = 1)
    void findsTheReplicaOfTheCutOffCheckStopped() {
        assertThat(startedByEarlierChecks).hasSize(1);
        startedByEarlierChecks.forEach(ReplicaSampleChecks::assertNothingListens);
    }

    private static void assertNothingListens(URI url) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
                socket.getOutputStream().write(1);
            }
        }).as(url + " should be stopped").isInstanceOf(IOException.class);
    }
}
