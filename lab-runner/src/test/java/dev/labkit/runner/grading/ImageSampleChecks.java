package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.ContainerImages;
import dev.labkit.checks.sdk.ImageTarball;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A checker suite for the grader's own tests of {@code image: jib} labs, run against {@code images/jib-hello}: the
 * image the build made, read from the app's folder, and run in Docker. Not a lab: run only by
 * {@link ImageGradingTests}.
 */
@LabChecks
public class ImageSampleChecks {

    /** Where the last run container was, so that the test can see it is gone after the grading. */
    static volatile String lastContainerUrl = "";

    @Check(id = "image.tarball", title = "Builds a non-root image", points = 5)
    void tarball(LabEnvironment lab) {
        ImageTarball image = ImageTarball.read(lab.appDir().resolve("target/jib-image.tar"));

        assertThat(image.isRoot()).as("the image's user, '" + image.user() + "'").isFalse();
        assertThat(image.env()).as("the offline base's environment").containsEntry("JAVA_HOME", "/opt/java");
    }

    @Check(id = "image.runs", title = "The image answers HTTP in Docker", points = 5)
    void runs(LabEnvironment lab) throws Exception {
        ContainerImages docker = lab.containerImages();
        assertThat(docker.unavailable()).as("Docker for the image").isEmpty();
        Path tar = lab.appDir().resolve("target/jib-image.tar");

        ContainerImages.RunningContainer container = docker.run(tar, Map.of("PORT", "8080"), 8080);
        lastContainerUrl = container.url().toString();

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> answer = null;
        while (answer == null) {
            try {
                answer = client.send(HttpRequest.newBuilder(URI.create(container.url() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                assertThat(System.nanoTime()).as("GET /health of the container within 30 s; it printed: "
                        + container.logs()).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("hello from app");
        // Not closed: the grader stops what a check started.
    }
}
