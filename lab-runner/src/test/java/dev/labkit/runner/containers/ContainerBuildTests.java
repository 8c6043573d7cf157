package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.BrowserPoints;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingDiagnosis;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.LeftHelpersFixture;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import dev.labkit.runner.sandbox.SandboxMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * With {@code --sandbox container} the build runs in a container too, for real: lab 01's reference
 * solution is built there by Maven offline, from the host's cache, and scores full marks; a build
 * command's detached helper does not survive on the host; the host's Maven repository is read-only
 * to a build. Runs wherever a Docker engine answers and the images were built (docker/jre-base.sh,
 * docker/build-base.sh); skipped, with the reason, elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBuildTests {

    private static final Map<String, String> ENVIRONMENT = Map.of(ContainerSandbox.JRE_IMAGE_VARIABLE,
            SandboxTests.JRE_IMAGE, DockerEngine.NO_REAPER, "true");

    @TempDir
    Path app;

    private final String token = UUID.randomUUID().toString();

    @BeforeEach
    void needsTheImages() {
        assumeTrue(DockerEngine.imageExists(SandboxTests.JRE_IMAGE),
                "image " + SandboxTests.JRE_IMAGE + " not built: run docker/jre-base.sh");
        assumeTrue(DockerEngine.imageExists(ContainerBuild.DEFAULT_IMAGE),
                "image " + ContainerBuild.DEFAULT_IMAGE + " not built: run docker/build-base.sh");
    }

    @AfterEach
    void killHelpersLeftByAFailedTest() {
        LeftHelpersFixture.kill("labkit-helper-" + token);
    }

    /** The container's processes are the host's too (one kernel): a surviving helper would show here. */
    private List<ProcessHandle> helpers() {
        return LeftHelpersFixture.running("labkit-helper-" + token);
    }

    private static GradeResult grade(LabManifest lab, Path submission) {
        return new Grader(GradingListener.NONE, Clock.systemUTC(), ENVIRONMENT)
                .grade(new GradeRequest(lab, submission, new ModelProvider.Embedded(), SandboxMode.CONTAINER));
    }

    private static void assertNoSandboxContainerLeft() {
        assertThat(SandboxTests.sandboxContainersLeft())
                .as("sandbox containers left after grading (the build's, the app's, the relay)").isEmpty();
    }

    /**
     * Maven runs offline ({@code -o}) in the build container: it succeeds only if everything the
     * solution needs is found in the host's cache (read-only) and the image's. (SandboxTests grades
     * the solution with the default build command.)
     */
    @Test
    void lab01sSolutionIsBuiltOfflineInAContainerFromTheHostsCacheAndScoresFullMarks() throws IOException {
        LabManifest lab = TestLabs.lab("01-chatbot");
        FileTrees.copy(lab.solution(), app, FileTrees.BUILD_OUTPUT);
        Files.writeString(app.resolve("submission.yaml"), "build: mvn -B -q -o -DskipTests package\n");

        GradeResult result = grade(lab, app);

        assertThat(result.status()).as(result.reason() + "\n" + result.appLog()).isNotEqualTo(GradeStatus.BUILD_FAILED);
        assertThat(result.checks()).filteredOn(check -> check.status() != CheckStatus.SKIPPED).allSatisfy(check ->
                assertThat(check.status()).as(check.id() + ": " + check.message()).isEqualTo(CheckStatus.PASSED));
        assertThat(result.score()).isEqualTo(result.maxScore()).isEqualTo(100 + BrowserPoints.ran(result));
        assertThat(result.cleanup().containment()).isEqualTo("container");
        assertThat(result.cleanup().leftovers()).isEmpty();
        assertNoSandboxContainerLeft();
    }

    @Test
    void aBuildsDetachedHelperDoesNotSurviveOnTheHost() throws IOException {
        LeftHelpersFixture.copyApp(app, token);
        // The JRE image has no sh: the app is a jar, built (with the helper left behind) in the build container.
        Files.writeString(app.resolve("submission.yaml"), "build: sh leave-helper.sh && mkdir -p target/classes"
                + " && javac -d target/classes EchoApp.java"
                + " && jar --create --file target/echo.jar --main-class EchoApp -C target/classes .\n");

        GradeResult result = grade(TestLabs.lab("01-chatbot"), app);

        String diagnosis = GradingDiagnosis.of("the echo app, built with a helper left behind", result);
        assertThat(result.status()).as(diagnosis).isEqualTo(GradeStatus.FAILED);
        assertThat(result.checks()).filteredOn(c -> c.id().equals("health")).as(diagnosis)
                .extracting(CheckResult::status).containsExactly(CheckStatus.PASSED);
        assertThat(helpers()).as("the build's helper, on the host").isEmpty();
        assertThat(result.cleanup().leftovers()).as("reported by the build container's init")
                .anySatisfy(left -> assertThat(left).startsWith("build: ").contains("labkit-helper-" + token));
        assertNoSandboxContainerLeft();
    }

    @Test
    void aMissingBuildImageIsAOneLineErrorThatSaysHowToMakeIt() {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put(ContainerBuild.IMAGE_VARIABLE, "labkit/no-such-build:0");

        assertThatThrownBy(() -> new Grader(GradingListener.NONE, Clock.systemUTC(), environment).grade(
                new GradeRequest(TestLabs.lab("01-chatbot"), app, new ModelProvider.Embedded(), SandboxMode.CONTAINER)))
                .isInstanceOf(LabException.class)
                .hasMessage("the build image labkit/no-such-build:0 is not here: make it with docker/build-base.sh"
                        + " (from this machine's JDK and Maven 3.9), or set LABKIT_BUILD_IMAGE, or use --sandbox process");
    }

    @Test
    void aBuildCannotWriteToTheHostsMavenRepository() throws IOException {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        assumeTrue(Files.isDirectory(repository), "no Maven repository at " + repository);
        String poison = "labkit-poison-" + token;
        // The build prints how its view of the repository is mounted, then tries to write to it.
        Files.writeString(app.resolve("submission.yaml"), "build: grep ' /labkit/m2/host ' /proc/mounts;"
                + " mkdir /labkit/m2/host/" + poison + "\nstart: 'true'\n");

        GradeResult result = grade(TestLabs.lab("01-chatbot"), app);

        assertThat(result.status()).isEqualTo(GradeStatus.BUILD_FAILED);
        assertThat(result.appLog()).as("the host's repository is mounted read-only in the build's container")
                .containsPattern(" /labkit/m2/host \\S+ ro[ ,]").contains("can't create directory");
        assertThat(repository.resolve(poison)).doesNotExist();
    }
}
