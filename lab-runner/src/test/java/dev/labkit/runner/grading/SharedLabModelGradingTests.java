package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.modelserver.LabModelHub;
import dev.labkit.runner.modelserver.LabModelServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Gradings seated in one lab model hub, as {@code lab grade} runs them: real builds and apps ({@code apps/echo}),
 * two at once, each with its own seat, script and traffic; the hub outlives them.
 */
class SharedLabModelGradingTests {

    private static LabManifest hubLab() {
        return new LabManifest("98-hub", "Hub sample", 1, "", HubSampleChecks.class.getName(),
                Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10),
                        Duration.ofMinutes(3)),
                TestLabs.home().resolve("labs/98-hub"));
    }

    @Test
    void twoGradingsAtOnceTakeASeatEachInTheHubAndLeaveItOpenForMore() throws Exception {
        try (LabModelHub hub = new LabModelHub()) {
            // Both gradings wait for each other before their checks, so that their checks surely overlap.
            CountDownLatch bothAtChecks = new CountDownLatch(2);
            List<Integer> seatsAtChecks = Collections.synchronizedList(new ArrayList<>());
            GradingListener listener = new GradingListener() {
                @Override
                public void phaseStarted(String phase, String description) {
                    if (phase.equals("checks")) {
                        bothAtChecks.countDown();
                        try {
                            bothAtChecks.await(2, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        seatsAtChecks.add(hub.openSeats());
                    }
                }
            };
            ExecutorService gradings = Executors.newFixedThreadPool(2);
            List<GradeResult> results = new ArrayList<>();
            try {
                List<Future<GradeResult>> running = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    running.add(gradings.submit(() -> new Grader(listener, Clock.systemUTC())
                            .grade(new GradeRequest(hubLab(), TestLabs.app("echo")).inHub(hub))));
                }
                for (Future<GradeResult> grading : running) {
                    results.add(grading.get(5, TimeUnit.MINUTES));
                }
            } finally {
                gradings.shutdownNow();
            }

            for (GradeResult result : results) {
                assertThat(result.checks()).as(result.reason())
                        .allSatisfy(check -> assertThat(check.status()).as(check.id() + ": " + check.message())
                                .isEqualTo(CheckStatus.PASSED));
            }
            assertThat(seatsAtChecks).as("a seat each while both run their checks").containsExactly(2, 2);
            assertThat(hub.openSeats()).as("each grading closed its seat").isZero();
            try (LabModelServer another = hub.seat(new LabModelServer.Config(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ModelScript(), new ModelTraffic(),
                    Set.of("tiny-model"), Set.of()))) {
                assertThat(another.port()).as("the hub still seats the next submission").isPositive();
            }
        }
    }
}
