package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Container;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.catalog.SandboxSpec;
import dev.labkit.runner.grading.BrowserPoints;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.provision.ContainerModels;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import dev.labkit.runner.sandbox.SandboxMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Learners' apps graded in the container sandbox, for real: a probe app reports what it may do
 * there (and, as a local process, shows the probe's checks can fail), lab 01's reference is graded
 * with its app sandboxed and its model in a container. Runs wherever a Docker engine answers and
 * the offline JRE and build images were built (docker/jre-base.sh, docker/build-base.sh); skipped,
 * with the reason, elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class SandboxTests {

    static final String JRE_IMAGE = "labkit/jre-base:17";

    private static final Map<String, String> ENVIRONMENT =
            Map.of(ContainerSandbox.JRE_IMAGE_VARIABLE, JRE_IMAGE, DockerEngine.NO_REAPER, "true");

    @BeforeEach
    void needsTheImages() {
        assumeTrue(DockerEngine.imageExists(JRE_IMAGE), "image " + JRE_IMAGE + " not built: run docker/jre-base.sh");
        assumeTrue(DockerEngine.imageExists(ContainerBuild.DEFAULT_IMAGE),
                "image " + ContainerBuild.DEFAULT_IMAGE + " not built: run docker/build-base.sh");
    }

    /**
     * The sandbox containers this JVM started that still exist (other test runs on the same engine
     * have their own).
     */
    static List<Container> sandboxContainersLeft() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.labkit.sandbox", "true",
                        DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID)).exec();
    }

    private static LabManifest probeLab(Map<String, String> env) {
        return probeLab(env, Optional.empty());
    }

    /** @param image the lab's sandbox.image, for apps with a start: command */
    private static LabManifest probeLab(Map<String, String> env, Optional<String> image) {
        Map<String, String> all = new HashMap<>(env);
        all.put("LAB_PROBE_FIXTURES", "${fixtures}");
        all.put("LAB_SPEECH_BASE_URL", "${speech}");
        return new LabManifest("98-sandbox-probe", "Sandbox probe", 1, "", SandboxProbeChecks.class.getName(),
                Map.of("chat", "tiny-model"), all,
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(3)),
                new SandboxSpec(image, 1.0, SandboxProbeChecks.MEMORY_LIMIT),
                TestLabs.home().resolve("labs/98-sandbox-probe"));
    }

    private static GradeResult grade(LabManifest lab, SandboxMode sandbox, Map<String, String> environment) {
        return new Grader(GradingListener.NONE, Clock.systemUTC(), environment)
                .grade(new GradeRequest(lab, TestLabs.app("sandbox-probe"), new ModelProvider.Embedded(), sandbox));
    }

    @Test
    void theAppIsConfinedYetReachesTheLabModelAndKeepsItsData() {
        GradeResult result = grade(probeLab(Map.of()), SandboxMode.CONTAINER, ENVIRONMENT);

        assertThat(result.checks()).allSatisfy(
                check -> assertThat(check.status()).as(check.id() + ": " + check.message()).isEqualTo(CheckStatus.PASSED));
        assertThat(result.score()).isEqualTo(26);
        assertThat(sandboxContainersLeft())
                .as("sandbox containers left after grading (the app's, restarted once, and the relay)").isEmpty();
    }

    /** The probe's checks can tell: as a local process the same app fails the confinement check, and only it. */
    @Test
    void asALocalProcessTheSameAppFailsExactlyTheConfinementCheck() {
        GradeResult result = grade(probeLab(Map.of()), SandboxMode.PROCESS, ENVIRONMENT);

        assertThat(result.checks()).filteredOn(check -> check.status() != CheckStatus.PASSED)
                .extracting(CheckResult::id).containsExactly("sandbox.confined");
    }

    @Test
    void anAppThatExitsAtOnceIsReportedWithItsExitCodeAndLog() {
        GradeResult result = grade(probeLab(Map.of("LAB_PROBE_EXIT", "3")), SandboxMode.CONTAINER, ENVIRONMENT);

        assertThat(result.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(result.reason()).contains("exited with code 3");
        assertThat(result.appLog()).contains("probe: exiting at once");
    }

    @Test
    void aMissingSandboxImageIsAOneLineErrorThatSaysWhatToDo() {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        // A registry on a closed loopback port: the pull fails at once, and nothing leaves this machine.
        environment.put(ContainerSandbox.JRE_IMAGE_VARIABLE, "127.0.0.1:9/labkit/no-such-jre:17");

        assertThatThrownBy(() -> grade(probeLab(Map.of()), SandboxMode.CONTAINER, environment))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("cannot get the sandbox image 127.0.0.1:9/labkit/no-such-jre:17")
                .hasMessageContaining("docker/jre-base.sh")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /**
     * An app started by a {@code start:} command runs on the image the lab names (sandbox.image),
     * with {@code sh}: here the JRE image plus a static busybox as /bin/sh, built locally (nothing
     * can be pulled here). The probe runs from source, confined as before.
     */
    @Test
    void runsAStartCommandOnTheImageTheLabNames(@TempDir Path app) throws IOException {
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isExecutable(busybox), "no /bin/busybox (apt-get install busybox-static)");
        String image = "labkit/jre-sh-test:" + UUID.randomUUID().toString().substring(0, 8);
        new ImageFromDockerfile(image, false)
                .withFileFromPath("busybox", busybox)
                .withDockerfileFromBuilder(dockerfile -> dockerfile.from(JRE_IMAGE).copy("busybox", "/bin/sh").build())
                .get();
        try {
            Files.copy(TestLabs.app("sandbox-probe").resolve("SandboxProbe.java"), app.resolve("SandboxProbe.java"));
            Files.writeString(app.resolve("submission.yaml"), "build: 'true'\nstart: exec java SandboxProbe.java\n");
            LabManifest lab = probeLab(Map.of(), Optional.of(image));

            GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(), ENVIRONMENT)
                    .grade(new GradeRequest(lab, app, new ModelProvider.Embedded(), SandboxMode.CONTAINER));

            assertThat(result.checks()).allSatisfy(check ->
                    assertThat(check.status()).as(check.id() + ": " + check.message()).isEqualTo(CheckStatus.PASSED));
        } finally {
            TestImages.remove(image);
        }
    }

    /** The end-to-end case: the reference app sandboxed, its model in a container, live checks included. */
    @Test
    void gradesLab01WithTheAppSandboxedAndTheModelInAContainer() {
        assumeTrue(DockerEngine.imageExists(LabModelImageTests.IMAGE),
                "image " + LabModelImageTests.IMAGE + " not built (see docker/README.md)");
        LabManifest lab = TestLabs.lab("01-chatbot");
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put("LABKIT_OLLAMA_IMAGE", LabModelImageTests.IMAGE);

        String cached = ContainerModels.cachedImage(LabModelImageTests.IMAGE, lab.chatModels());
        try {
            GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(), environment)
                    .grade(new GradeRequest(lab, lab.solution(), new ModelProvider.Container(), SandboxMode.CONTAINER));

            assertThat(result.sandbox()).isEqualTo("container");
            assertThat(result.model().provider()).isEqualTo("container");
            assertThat(result.checks()).allSatisfy(check ->
                    assertThat(check.status()).as(check.id() + ": " + check.message()).isEqualTo(CheckStatus.PASSED));
            assertThat(result.score()).isEqualTo(result.maxScore()).isEqualTo(110 + BrowserPoints.ran(result));
        } finally {
            TestImages.remove(cached);
        }
    }
}
