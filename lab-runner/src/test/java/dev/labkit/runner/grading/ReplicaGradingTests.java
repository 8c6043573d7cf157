package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import dev.labkit.runner.sandbox.SandboxMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * Replicas, load balancers and terminate inside a real grading of apps/graceful ({@link ReplicaSampleChecks}):
 * the lab's health path is waited for; what a check starts is stopped when it ends, also when it is cut off;
 * a terminated app is started again for the next check; nothing is left running after the grading. As local
 * processes always; in the container sandbox where Docker and the offline images are (docker/jre-base.sh,
 * docker/build-base.sh).
 */
class ReplicaGradingTests {

    private static final String JRE_IMAGE = "labkit/jre-base:17";

    private static LabManifest lab() {
        return new LabManifest("98-replicas", "Replicas", 5, "", ReplicaSampleChecks.class.getName(),
                Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofSeconds(20),
                        Duration.ofMinutes(10)),
                TestLabs.home().resolve("labs/98-replicas")).withHealth("/ready");
    }

    @Test
    void replicasAsLocalProcessesLiveAsLongAsTheirCheck() {
        assertGraded(new Grader(GradingListener.NONE, Clock.systemUTC()).grade(
                new GradeRequest(lab(), TestLabs.app("graceful"))));
    }

    @Test
    void replicasInTheContainerSandboxLiveAsLongAsTheirCheck() {
        java.util.Optional<String> noDocker = DockerEngine.problem(Duration.ofSeconds(30));
        assumeTrue(noDocker.isEmpty(), () -> "no Docker: " + noDocker.orElse(""));
        assumeTrue(DockerEngine.imageExists(JRE_IMAGE), "image " + JRE_IMAGE + " not built: run docker/jre-base.sh");
        assumeTrue(DockerEngine.imageExists(ContainerBuild.DEFAULT_IMAGE),
                "image " + ContainerBuild.DEFAULT_IMAGE + " not built: run docker/build-base.sh");
        Map<String, String> environment = Map.of(ContainerSandbox.JRE_IMAGE_VARIABLE, JRE_IMAGE,
                DockerEngine.NO_REAPER, "true");

        assertGraded(new Grader(GradingListener.NONE, Clock.systemUTC(), environment).grade(new GradeRequest(lab(),
                TestLabs.app("graceful"), new ModelProvider.Embedded(), SandboxMode.CONTAINER)));
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.labkit.sandbox", "true",
                        DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID)).exec())
                .as("sandbox containers left (the app's, its replicas', their relays')").isEmpty();
    }

    private static void assertGraded(GradeResult result) {
        assertThat(result.status()).as(result.reason() + "\n" + result.appLog()).isNotIn(GradeStatus.BUILD_FAILED,
                GradeStatus.START_FAILED);
        Map<String, CheckResult> checks = result.checks().stream()
                .collect(Collectors.toMap(CheckResult::id, Function.identity()));
        for (String passing : new String[] {"replicas.a-start", "replicas.b-gone", "replicas.c-terminate",
                "replicas.d-back", "replicas.e-app-dir", "replicas.g-gone"}) {
            assertThat(checks.get(passing).status()).as(passing + ": " + checks.get(passing).message())
                    .isEqualTo(CheckStatus.PASSED);
        }
        assertThat(checks.get("replicas.f-cut-off").message()).startsWith("the check did not finish within 20 s");
        assertThat(result.warnings()).as("a terminate is no surprise").isEmpty();
        assertThat(result.cleanup().leftovers()).as("replicas stopped at their check's end are no leftovers")
                .isEmpty();
        assertThat(LeftHelpersFixture.running("target/graceful.jar")).as("nothing outlives the grading").isEmpty();
    }
}
