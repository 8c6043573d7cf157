package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.SpeechSampleChecks;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.provision.ContainerModels;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.provision.SpeechContainer;
import dev.labkit.runner.provision.SpeechProvisioner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The live speech provider with a speech server in a container, for real, with a stand-in for speaches (a
 * mock: no speech server image can be pulled here): docker/speech-standin, the lab model image listening on
 * port 8000 with the models of its {@code models} file already there. Runs wherever a Docker engine answers
 * and the lab model image was built (see docker/README.md); skipped, with the reason, elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class SpeechContainerTests {

    /** The models the stand-in has (docker/speech-standin/models). */
    static final List<String> MODELS = List.of("labkit-test/whisper:standin", "labkit-test/kokoro:standin");

    private static final Map<String, String> ENVIRONMENT = Map.of(DockerEngine.NO_REAPER, "true");

    private static String standIn;

    @TempDir
    Path labDir;

    /** Builds docker/speech-standin on the lab model image, once for these tests. */
    @BeforeAll
    static void buildTheStandIn() {
        assumeTrue(DockerEngine.imageExists(LabModelImageTests.IMAGE), "image " + LabModelImageTests.IMAGE
                + " not built (see docker/README.md)");
        standIn = "labkit-test/speech-standin:" + UUID.randomUUID().toString().substring(0, 8);
        new ImageFromDockerfile(standIn, false)
                .withFileFromPath(".", TestLabs.home().resolve("docker/speech-standin"))
                .withBuildArg("LAB_MODEL_IMAGE", LabModelImageTests.IMAGE)
                .get();
    }

    @AfterAll
    static void removeTheStandIn() {
        if (standIn != null) {
            TestImages.remove(standIn);
        }
    }

    /** The containers of {@code image} (running or not) that are left. */
    private static long containersOf(String image) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withAncestorFilter(List.of(image)).exec().size();
    }

    @Test
    void theFirstStartCommitsTheModelsToAnImageAndTheNextStartsFromIt() throws Exception {
        String cached = SpeechContainer.cachedImage(standIn, MODELS);
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        try {
            try (SpeechContainer speech = SpeechContainer.start(standIn, MODELS, first::add, ENVIRONMENT)) {
                assertThat(speech.url().getPath()).isEqualTo("/v1");
                assertThat(new SpeechProvisioner(p -> { }).installed(speech.url()))
                        .as("answers where Docker publishes it").containsAll(MODELS);
            }
            assertThat(first).containsExactly("starting the speech server from " + standIn,
                    "saving the speech models in " + cached + " for the next start");
            assertThat(DockerEngine.imageExists(cached)).isTrue();

            try (SpeechContainer speech = SpeechContainer.start(standIn, MODELS, second::add, ENVIRONMENT)) {
                assertThat(new SpeechProvisioner(p -> { }).installed(speech.url())).containsAll(MODELS);
            }
            assertThat(second).containsExactly("starting the speech server from " + cached);
            assertThat(containersOf(cached)).as("containers left after close").isZero();
        } finally {
            TestImages.remove(cached);
        }
    }

    @Test
    void aModelTheServerCannotDownloadStopsTheContainerAndSaysWhy() {
        List<String> models = List.of(MODELS.get(0), "labkit-test/missing:1");

        assertThatThrownBy(() -> SpeechContainer.start(standIn, models, p -> { }, ENVIRONMENT))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("downloading the speech model labkit-test/missing:1 at http://")
                .hasMessageContaining("failed with status 404");
        assertThat(DockerEngine.imageExists(SpeechContainer.cachedImage(standIn, models))).isFalse();
        assertThat(containersOf(standIn)).as("containers left after the failure").isZero();
    }

    /**
     * A lab with speech roles graded with --models container: Ollama (the lab model image) and the speech
     * server (the stand-in) in containers; the live speech check runs, and the result says what served speech.
     */
    @Test
    void gradesALabWithSpeechRolesWithTheSpeechServerInAContainer() throws IOException {
        SpeechSampleChecks.writeClip(labDir);
        LabManifest lab = new LabManifest("97-speech-sample", "Speech sample", 4, "", SpeechSampleChecks.class.getName(),
                Map.of("chat", "tiny-model", "stt", MODELS.get(0), "tts", MODELS.get(1)),
                Map.of("LAB_SPEECH_BASE_URL", "${speech}", "EXPECTED_TTS_VOICE", "af_heart",
                        "EXPECTED_STT_MODEL", MODELS.get(0), "EXPECTED_TTS_MODEL", MODELS.get(1)),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5)),
                labDir);
        String ollamaCache = ContainerModels.cachedImage(LabModelImageTests.IMAGE, List.of("tiny-model"));
        String speechCache = SpeechContainer.cachedImage(standIn, MODELS);
        try {
            GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC(), Map.of(
                    "LABKIT_OLLAMA_IMAGE", LabModelImageTests.IMAGE, "LABKIT_SPEECH_IMAGE", standIn,
                    DockerEngine.NO_REAPER, "true"))
                    .grade(new GradeRequest(lab, TestLabs.app("echo"), new ModelProvider.Container()));
            Map<String, CheckResult> checks = result.checks().stream()
                    .collect(Collectors.toMap(CheckResult::id, Function.identity()));

            assertThat(result.checks()).allSatisfy(check ->
                    assertThat(check.status()).as(check.id() + ": " + check.message()).isEqualTo(CheckStatus.PASSED));
            assertThat(checks).containsKeys("live.stt", "live.chat", "speech.environment", "speech.known-clip");
            assertThat(result.model().provider()).isEqualTo("container");
            assertThat(result.model().speech()).hasValue("container");
            assertThat(containersOf(speechCache) + containersOf(standIn)).as("speech containers left").isZero();
        } finally {
            TestImages.remove(ollamaCache);
            TestImages.remove(speechCache);
        }
    }
}
