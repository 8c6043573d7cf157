package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.catalog.ServiceSpec;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.ServiceSampleChecks;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A lab with {@code services: {redis: {}}} graded with {@code --sandbox container}: the app, with no network,
 * reaches the embedded Redis at LAB_REDIS_URL on its own loopback, relayed like the lab model.
 */
@Testcontainers(disabledWithoutDocker = true)
class ServiceSandboxTests {

    @TempDir
    Path labDir;

    @Test
    void aSandboxedAppReachesTheLabsRedisThroughTheRelay() {
        assumeTrue(DockerEngine.imageExists(SandboxTests.JRE_IMAGE), "image " + SandboxTests.JRE_IMAGE
                + " not built: run docker/jre-base.sh");
        assumeTrue(DockerEngine.imageExists(ContainerBuild.DEFAULT_IMAGE),
                "image " + ContainerBuild.DEFAULT_IMAGE + " not built: run docker/build-base.sh");
        LabManifest lab = new LabManifest("96-service-sample", "Service sample", 5, "",
                ServiceSampleChecks.class.getName(), Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(4)),
                labDir).withServices(List.of(new ServiceSpec("redis", Optional.empty())));
        GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(),
                Map.of(ContainerSandbox.JRE_IMAGE_VARIABLE, SandboxTests.JRE_IMAGE, DockerEngine.NO_REAPER, "true"))
                .grade(new GradeRequest(lab, TestLabs.app("redis-probe"), new ModelProvider.Embedded(),
                        SandboxMode.CONTAINER, ServiceChoice.EMBEDDED));

        assertThat(result.reason()).isEmpty();
        assertThat(result.checks()).isNotEmpty().allSatisfy(check -> assertThat(check.status())
                .as(check.id() + ": " + check.message()).isEqualTo(CheckStatus.PASSED));
        assertThat(result.services()).extracting(GradeResult.Service::provider).containsExactly("embedded");
        assertThat(SandboxTests.sandboxContainersLeft()).isEmpty();
    }
}
