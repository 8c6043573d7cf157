package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.checks.sdk.ImageTarball;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.catalog.SandboxSpec;
import dev.labkit.runner.images.JreBaseImage;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.submission.Builder;
import dev.labkit.runner.submission.Leftovers;
import dev.labkit.runner.submission.Outcome;
import dev.labkit.runner.submission.SubmissionConfig;
import dev.labkit.runner.submission.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * An {@code image: jib} lab's build in the container sandbox reads the offline base image where the container sees
 * it: mounted read-only, its in-container path in {@code LAB_BASE_IMAGE} (and in Maven's {@code -Djib.from.image}).
 */
@Testcontainers(disabledWithoutDocker = true)
class SharedBaseImageTests {

    @Test
    void mavenInTheBuildContainerBuildsTheAppsImageOnTheSharedBase() throws IOException {
        assumeTrue(DockerEngine.imageExists(ContainerBuild.DEFAULT_IMAGE),
                "image " + ContainerBuild.DEFAULT_IMAGE + " not built: run docker/build-base.sh");
        JreBaseImage jre = new JreBaseImage(Path.of(System.getProperty("java.home")), System.getProperty("java.version"),
                Path.of("target", "jre-base-cache").toAbsolutePath());
        assumeTrue(jre.unavailable().isEmpty(), () -> jre.unavailable().orElseThrow());
        Path base = jre.ensure(line -> { });
        Workspace workspace = Workspace.copyOf(Path.of("src/test/resources/images/jib-hello"));
        try (ContainerBuild build = ContainerBuild.open(ContainerBuild.DEFAULT_IMAGE, SandboxSpec.DEFAULT, workspace,
                new Leftovers())) {
            Outcome outcome = Builder.build(workspace.app(), SubmissionConfig.read(workspace.app()),
                    Duration.ofMinutes(4), Map.of(), build, Optional.of(base));

            assertThat(outcome.ok()).as(outcome.reason() + "\n" + outcome.log()).isTrue();
            ImageTarball image = ImageTarball.read(workspace.app().resolve("target/jib-image.tar"));
            assertThat(image.user()).isEqualTo("1000");
            assertThat(image.files()).extracting(ImageTarball.LayerFile::path).contains("/opt/java/bin/java");
        } finally {
            workspace.close();
        }
    }

    @Test
    void theContainerBuildReadsTheBaseAtItsInContainerPathAndCannotChangeIt(@TempDir Path dir) throws IOException {
        assumeTrue(DockerEngine.imageExists(ContainerBuild.DEFAULT_IMAGE),
                "image " + ContainerBuild.DEFAULT_IMAGE + " not built: run docker/build-base.sh");
        Path submission = Files.createDirectories(dir.resolve("submission"));
        Files.writeString(submission.resolve("submission.yaml"), """
                build: "f=${LAB_BASE_IMAGE#tar://}; printf '%s|' \\"$LAB_BASE_IMAGE\\" > base.txt; cat \\"$f\\" >> base.txt; (echo x >> \\"$f\\") 2>/dev/null && echo '|writable' >> base.txt; true"
                start: "true"
                """);
        Path tarball = Files.writeString(Files.createDirectories(dir.resolve("cache")).resolve("jre-base-abc.tar"),
                "the base");
        Workspace workspace = Workspace.copyOf(submission);
        try (ContainerBuild build = ContainerBuild.open(ContainerBuild.DEFAULT_IMAGE, SandboxSpec.DEFAULT, workspace,
                new Leftovers())) {
            Outcome outcome = Builder.build(workspace.app(), SubmissionConfig.read(workspace.app()),
                    Duration.ofMinutes(2), Map.of(), build, Optional.of(tarball));

            assertThat(outcome.ok()).as(outcome.reason() + "\n" + outcome.log()).isTrue();
            assertThat(Files.readString(workspace.app().resolve("base.txt")))
                    .isEqualTo("tar:///labkit/shared/jre-base-abc.tar|the base");
            assertThat(Files.readString(tarball)).isEqualTo("the base");
        } finally {
            workspace.close();
        }
    }
}
