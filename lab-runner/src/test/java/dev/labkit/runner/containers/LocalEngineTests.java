package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.cli.LabProcessFixture;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.sandbox.ContainerSandbox;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The local Docker engine as users meet it, where no registry answers: {@code ./lab check} run with
 * none of Testcontainers' settings in the environment (the launcher exports its own), on a machine
 * that looks like a container to Testcontainers.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalEngineTests {

    @TempDir
    Path temp;

    /**
     * Lab 01's reference solution in the sandbox: graded (its score is LabSolutionsTests' and
     * SandboxTests' concern), after finding Docker twice: for the sandbox, and, bounded, for a model.
     */
    @Test
    void labCheckFindsTheEngineWithoutPullingAndLooksForARealModelInSeconds() throws Exception {
        assumeTrue(DockerEngine.imageExists(SandboxTests.JRE_IMAGE), "image " + SandboxTests.JRE_IMAGE + " not built");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path result = temp.resolve("result.json");
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run")).throughTheLauncher()
                .without("TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_DOCKER_CLIENT_STRATEGY", DockerEngine.NO_REAPER,
                        "DOCKER_HOST")
                .with(ContainerSandbox.JRE_IMAGE_VARIABLE, SandboxTests.JRE_IMAGE)
                // No Ollama answers, and no Ollama image is local: auto looks, finds none, and moves on.
                .with("OLLAMA_HOST", "127.0.0.1:" + closed)
                .with("LABKIT_OLLAMA_IMAGE", "labkit/no-such-ollama:0");

        LabProcessFixture.Result run = lab.run(Duration.ofMinutes(8), "check",
                TestLabs.lab("01-chatbot").solution().toString(), "--lab", "01-chatbot", "--models", "auto", "--sandbox", "container",
                "--json", result.toString());

        assertThat(run.exitCode()).as("graded: " + run).isIn(0, 1);
        assertThat(run.err()).contains("Preparing the container sandbox ... done");
        assertThat(run.phaseSeconds(LabProcessFixture.LOOKING_FOR_A_MODEL)).as("seconds spent looking for a real model")
                .isLessThan(LabProcessFixture.SECONDS_TO_LOOK_FOR_A_MODEL);
        JsonNode json = new ObjectMapper().readTree(result.toFile());
        assertThat(json.get("sandbox").asText()).isEqualTo("container");
        assertThat(json.get("status").asText()).as("the app was built and started in the sandbox").isIn("passed", "failed");
        assertThat(json.get("model").get("provider").asText()).isEqualTo("embedded");
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.labkit.sandbox", "true")).exec()).as("sandbox containers left").isEmpty();
    }
}
