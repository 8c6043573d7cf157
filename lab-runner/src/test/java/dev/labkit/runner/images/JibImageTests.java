package dev.labkit.runner.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.labkit.checks.sdk.ContainerImages.RunningContainer;
import dev.labkit.checks.sdk.ImageTarball;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.submission.Builder;
import dev.labkit.runner.submission.Leftovers;
import dev.labkit.runner.submission.LocalHost;
import dev.labkit.runner.submission.Outcome;
import dev.labkit.runner.submission.SubmissionConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;

/**
 * A tiny app with Jib's buildTar bound to {@code package} and {@code <user>1000</user>} (test resource
 * {@code images/jib-hello}), built by a real {@code mvn package} on the offline base, then run in Docker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JibImageTests {

    private static final Duration BUILD_LIMIT = Duration.ofMinutes(4);

    private Path workspace;
    private Path app;
    private Path base;
    private Outcome build;

    @BeforeAll
    void buildTheAppsImageOnTheOfflineBase() throws IOException {
        JreBaseImage jre = TestBases.runnersJava();
        assumeTrue(jre.unavailable().isEmpty(), () -> jre.unavailable().orElseThrow());
        base = jre.ensure(line -> { });
        workspace = Files.createTempDirectory("labkit-jib-");
        app = copy(Path.of("src/test/resources/images/jib-hello"), workspace.resolve("app"));
        build = Builder.build(app, SubmissionConfig.read(app), BUILD_LIMIT, Map.of(),
                new LocalHost(workspace, new Leftovers()), Optional.of(base));
    }

    @AfterAll
    void deleteTheWorkspace() {
        if (workspace != null) {
            FileTrees.delete(workspace);
        }
    }

    @Test
    void mavenBuildsTheAppsImageOnTheOfflineBaseWithTheUserItsPomSets() {
        assertThat(build.ok()).as(build.reason() + "\n" + build.log()).isTrue();

        ImageTarball image = ImageTarball.read(app.resolve("target/jib-image.tar"));

        assertThat(image.user()).isEqualTo("1000");
        assertThat(image.isRoot()).isFalse();
        assertThat(image.references()).containsExactly("jib-hello:1.0");
        assertThat(image.env()).as("the base's environment").containsEntry("JAVA_HOME", "/opt/java");
        assertThat(image.entrypoint()).contains("java", "demo.Hello");
        assertThat(image.exposedPorts()).containsExactly("8080/tcp");
        assertThat(image.files()).extracting(ImageTarball.LayerFile::path)
                .as("the base's runtime and the app's classes").contains("/opt/java/bin/java", "/app/classes/demo/Hello.class");
        ImageTarball baseImage = ImageTarball.read(base);
        assertThat(image.layers().subList(0, baseImage.layers().size())).extracting(ImageTarball.Layer::digest)
                .as("the base's layers, unchanged, first")
                .containsExactlyElementsOf(baseImage.layers().stream().map(ImageTarball.Layer::digest).toList());
    }

    @Test
    void aSubmissionYamlBuildGetsTheBaseAsLabBaseImage(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path other = Files.createDirectories(dir.resolve("app"));
        Files.writeString(other.resolve("submission.yaml"), "build: printf '%s' \"$LAB_BASE_IMAGE\" > base.txt\nstart: true\n");
        Path tarball = Files.writeString(dir.resolve("jre-base-x.tar"), "a base");

        Outcome outcome = Builder.build(other, SubmissionConfig.read(other), Duration.ofSeconds(20), Map.of(),
                new LocalHost(dir, new Leftovers()), Optional.of(tarball));

        assertThat(outcome.ok()).as(outcome.log()).isTrue();
        assertThat(Files.readString(other.resolve("base.txt"))).isEqualTo("tar://" + tarball.toAbsolutePath());
    }

    @Test
    void theImageRunsInDockerAnswersHttpAndIsRemovedAfter() throws Exception {
        assertThat(build.ok()).as(build.reason()).isTrue();
        Optional<String> noDocker = DockerEngine.problem(Duration.ofSeconds(30));
        assumeTrue(noDocker.isEmpty(), () -> "no Docker: " + noDocker.orElseThrow());
        DockerClient docker = DockerClientFactory.instance().client();
        boolean hadTheName = exists(docker, "jib-hello:1.0");
        DockerContainerImages images = new DockerContainerImages();
        RunningContainer container;
        String containerId;
        try {
            assertThat(images.unavailable()).isEmpty();
            container = images.run(app.resolve("target/jib-image.tar"), Map.of("GREETING", "hi", "PORT", "8080"), 8080);

            String host = DockerClientFactory.instance().dockerHostIpAddress();
            assertThat(container.url().getHost()).as("where the engine publishes ports")
                    .isEqualTo(host.equals("localhost") ? "127.0.0.1" : host);
            assertThat(container.isRunning()).isTrue();
            assertThat(container.startedIn()).isPositive();
            HttpResponse<String> answer = getWithin(container.url(), Duration.ofSeconds(30));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).as("the app runs as the pom's user 1000 (app in the base's /etc/passwd), with the env given")
                    .startsWith("hello from app on Java 17").endsWith("greeting=hi");
            assertThat(container.logs()).contains("listening on 0.0.0.0:8080");
            containerId = docker.listContainersCmd().withShowAll(true).exec().stream()
                    .filter(c -> c.getImage().equals("jib-hello:1.0")).map(c -> c.getId()).findFirst().orElseThrow();

            container.close();

            assertThat(container.isRunning()).isFalse();
            assertThat(container.logs()).as("kept after close").contains("listening on");
            assertThatThrownBy(() -> docker.inspectContainerCmd(containerId).exec()).isInstanceOf(NotFoundException.class);
        } finally {
            images.close();
        }
        assertThat(exists(docker, "jib-hello:1.0")).as("the loaded image is removed when the grading ends")
                .isEqualTo(hadTheName);
    }

    @Test
    void endCheckStopsWhatTheCheckStarted() throws Exception {
        assertThat(build.ok()).as(build.reason()).isTrue();
        Optional<String> noDocker = DockerEngine.problem(Duration.ofSeconds(30));
        assumeTrue(noDocker.isEmpty(), () -> "no Docker: " + noDocker.orElseThrow());
        try (DockerContainerImages images = new DockerContainerImages()) {
            RunningContainer first = images.run(app.resolve("target/jib-image.tar"), Map.of(), 8080);
            RunningContainer second = images.run(app.resolve("target/jib-image.tar"), Map.of("PORT", "9000"), 9000);
            assertThat(first.url()).isNotEqualTo(second.url());

            images.endCheck();

            assertThat(first.isRunning()).isFalse();
            assertThat(second.isRunning()).isFalse();
        }
    }

    @Test
    void withoutDockerRunSaysWhyAndANonImageIsTheLearnersFailure(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path text = Files.writeString(dir.resolve("jib-image.tar"), "not an image");
        DockerContainerImages none = new DockerContainerImages(() -> Optional.of("no Docker engine answers"));
        DockerContainerImages some = new DockerContainerImages(Optional::empty);

        assertThat(none.unavailable()).contains("no Docker engine answers");
        assertThatThrownBy(() -> none.run(text, Map.of(), 8080)).isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(": no Docker engine answers");
        assertThatThrownBy(() -> some.run(text, Map.of(), 8080)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("jib-image.tar is not an image tarball");
    }

    private static HttpResponse<String> getWithin(URI url, Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
