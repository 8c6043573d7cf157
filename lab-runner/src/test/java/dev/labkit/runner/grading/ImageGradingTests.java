package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.catalog.SandboxSpec;
import dev.labkit.runner.images.JreBaseImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * An {@code image: jib} lab graded for real: the grader makes (or reuses) the offline base in
 * {@code ~/.labkit/cache/images}, the app's Maven build makes its image on it, a check reads the tarball from the
 * app's folder and runs it in Docker; after the grading neither the container nor the loaded image is left.
 */
class ImageGradingTests {

    @Test
    void aJibLabsBuildGetsTheOfflineBaseAndItsChecksRunTheImage() {
        JreBaseImage base = JreBaseImage.ofRunnersJava();
        assumeTrue(base.unavailable().isEmpty(), () -> base.unavailable().orElseThrow());
        Optional<String> noDocker = DockerEngine.problem(Duration.ofSeconds(30));
        assumeTrue(noDocker.isEmpty(), () -> "no Docker: " + noDocker.orElseThrow());
        DockerClient docker = DockerClientFactory.instance().client();
        boolean hadTheName = exists(docker, "jib-hello:1.0");
        LabManifest lab = new LabManifest("96-image-sample", "Image sample", 5, "", ImageSampleChecks.class.getName(),
                Map.of(), Map.of(), new Limits(Duration.ofMinutes(4), Duration.ofSeconds(60), Duration.ofSeconds(60),
                        Duration.ofMinutes(10)), SandboxSpec.DEFAULT, 10, LabManifest.HEALTH_PATH, TestLabs.home().resolve("labs/96-image-sample"),
                false, List.of(), Optional.of(LabManifest.JIB_IMAGE), false);
        List<String> progress = new ArrayList<>();

        GradeResult result = new Grader(new GradingListener() {
            @Override
            public void progress(String phase, String detail) {
                progress.add(phase + ": " + detail);
            }
        }, Clock.systemUTC()).grade(new GradeRequest(lab,
                TestLabs.home().resolve("lab-runner/src/test/resources/images/jib-hello")));

        assertThat(result.status()).as(result.reason() + "\n" + result.appLog()).isEqualTo(GradeStatus.PASSED);
        assertThat(result.checks()).allSatisfy(check -> assertThat(check.status()).as(check.id() + ": " + check.message())
                .isEqualTo(CheckStatus.PASSED));
        assertThat(base.tarball()).as("the base, cached for the next grading").isRegularFile();
        assertThat(ImageSampleChecks.lastContainerUrl).isNotEmpty();
        assertThat(docker.listContainersCmd().withShowAll(true).exec())
                .as("the check's container is stopped and removed").noneMatch(c -> c.getImage().equals("jib-hello:1.0"));
        assertThat(exists(docker, "jib-hello:1.0")).as("the loaded image is removed when the grading ends")
                .isEqualTo(hadTheName);
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
