package dev.labkit.runner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTests {

    @TempDir
    Path labs;

    @Test
    void readsEveryFieldOfAManifest() throws IOException {
        Path file = write("07-demo", """
                id: 07-demo
                title: A demo lab
                stage: 3
                summary: >-
                  Two lines
                  of summary.
                suite: com.example.DemoChecks
                models:
                  chat: qwen2.5:0.5b
                  embedding: all-minilm
                env:
                  LAB_TOOLS_BASE_URL: http://127.0.0.1:1
                limits:
                  build: 2m
                  start: 90s
                  check: 500ms
                  total: 1h
                """);

        LabManifest lab = ManifestReader.read(file);

        assertThat(lab.id()).isEqualTo("07-demo");
        assertThat(lab.title()).isEqualTo("A demo lab");
        assertThat(lab.stage()).isEqualTo(3);
        assertThat(lab.summary()).isEqualTo("Two lines of summary.");
        assertThat(lab.suite()).isEqualTo("com.example.DemoChecks");
        assertThat(lab.models()).containsEntry("chat", "qwen2.5:0.5b").containsEntry("embedding", "all-minilm");
        assertThat(lab.env()).containsEntry("LAB_TOOLS_BASE_URL", "http://127.0.0.1:1");
        assertThat(lab.limits()).isEqualTo(new Limits(Duration.ofMinutes(2), Duration.ofSeconds(90),
                Duration.ofMillis(500), Duration.ofHours(1)));
        assertThat(lab.scaffold()).isEqualTo(labs.resolve("07-demo").resolve("scaffold"));
    }

    @Test
    void speechRolesAreServedByTheSpeechServerNotByOllama() throws IOException {
        Path file = write("07-demo", """
                id: 07-demo
                title: t
                suite: a.B
                models:
                  chat: qwen2.5:0.5b
                  vision: moondream
                  stt: Systran/faster-whisper-small
                  tts: speaches-ai/Kokoro-82M-v1.0-ONNX
                """);

        LabManifest lab = ManifestReader.read(file);

        assertThat(lab.chatModels()).as("Ollama pulls these").containsExactlyInAnyOrder("qwen2.5:0.5b", "moondream");
        assertThat(lab.speechModels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stt", "Systran/faster-whisper-small", "tts", "speaches-ai/Kokoro-82M-v1.0-ONNX"));
        assertThat(LabManifest.modelVariable("stt")).isEqualTo("LAB_STT_MODEL");
        assertThat(LabManifest.modelVariable("tts")).isEqualTo("LAB_TTS_MODEL");
    }

    @Test
    void fillsInDefaultLimitsWhenTheyAreLeftOut() throws IOException {
        Path file = write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n");

        assertThat(ManifestReader.read(file).limits()).isEqualTo(Limits.DEFAULT);
    }

    @Test
    void readsTheScaffoldsMostScoreAndDefaultsItTo10() throws IOException {
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\nscaffold-max-score: 25\n"))
                .scaffoldMaxScore()).isEqualTo(25);
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n")).scaffoldMaxScore())
                .isEqualTo(10);
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nscaffold-max-score: ten\n",
                "scaffold-max-score: 'ten' is not a whole number of points");
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nscaffold-max-score: -1\n",
                "scaffold-max-score: '-1' is not a whole number of points");
    }

    @Test
    void readsGradeAloneAndRefusesWhatIsNotABoolean() throws IOException {
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\ngrade-alone: true\n"))
                .gradeAlone()).isTrue();
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n")).gradeAlone()).isFalse();
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\ngrade-alone: often\n",
                "grade-alone: 'often' is not true or false (write grade-alone: true for a lab whose checks measure speed)");
    }

    @Test
    void readsImageJibAndRefusesAnyOtherImage() throws IOException {
        LabManifest jib = ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\nimage: jib\n"));
        assertThat(jib.image()).contains("jib");
        assertThat(jib.buildsJibImage()).isTrue();
        assertThat(jib.asLearnerEdition().buildsJibImage()).isTrue();
        LabManifest none = ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n"));
        assertThat(none.image()).isEmpty();
        assertThat(none.buildsJibImage()).isFalse();
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nimage: docker\n",
                "image: 'docker' is not supported (write image: jib for an app whose Maven build makes its image with Jib, or leave it out)");
    }

    @Test
    void readsTheHealthPathAndDefaultsItToHealth() throws IOException {
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\nhealth: /health/ready\n"))
                .health()).isEqualTo("/health/ready");
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n")).health())
                .isEqualTo("/health");
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nhealth: health/ready\n",
                "health: 'health/ready' is not a path on the app (write e.g. health: /health/ready)");
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nhealth: [/a]\n", "health: '[\"/a\"]' is not a path on the app");
    }

    @Test
    void readsOneLabFolderByItsPathAndNamesAFolderWithoutLabYaml() throws IOException {
        write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n");

        assertThat(Catalog.readLab(labs.resolve("07-demo")).id()).isEqualTo("07-demo");
        assertThatThrownBy(() -> Catalog.readLab(labs)).isInstanceOf(LabException.class)
                .hasMessage(labs + " has no lab.yaml: pass a lab's folder, or a lab id (see `lab list`)");
    }

    @Test
    void namesTheFileAndTheFieldOfEveryProblem() throws IOException {
        assertProblem("id: 07-demo\ntitle: t\n", "missing required field 'suite'");
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\ncolour: red\n", "unknown field 'colour'");
        assertProblem("id: other\ntitle: t\nsuite: a.B\n", "must equal the lab's folder name '07-demo'");
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nlimits:\n  build: soon\n",
                "limits.build: 'soon' is not a duration (write e.g. 90s, 5m or 500ms)");
        assertProblem("id: 07-demo\ntitle: t\nsuite: a.B\nmodels:\n  speech: x\n", "models: unknown role 'speech' (use chat, embedding, vision, stt or tts)");
        assertProblem("id: [unclosed\n", "not valid YAML");
        assertProblem("- a list\n", "expected a YAML mapping");
    }

    @Test
    void readsTheSandboxAndFillsInItsDefaults() throws IOException {
        Path file = write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\nsandbox:\n  image: python:3.12-slim\n"
                + "  cpus: 1.5\n  memory: 768m\n");

        assertThat(ManifestReader.read(file).sandbox())
                .isEqualTo(new SandboxSpec(Optional.of("python:3.12-slim"), 1.5, 768L << 20));
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\n")).sandbox())
                .isEqualTo(SandboxSpec.DEFAULT);
        assertThat(ManifestReader.read(write("07-demo", "id: 07-demo\ntitle: t\nsuite: a.B\nsandbox:\n  memory: 2g\n"))
                .sandbox()).isEqualTo(new SandboxSpec(Optional.empty(), SandboxSpec.DEFAULT.cpus(), 2L << 30));
    }

    @Test
    void namesEverySandboxProblem() throws IOException {
        String lab = "id: 07-demo\ntitle: t\nsuite: a.B\n";
        assertProblem(lab + "sandbox:\n  memory: lots\n", "sandbox: 'lots' is not a size (write e.g. cpus: 1.5 and memory: 768m)");
        assertProblem(lab + "sandbox:\n  memory: 1m\n", "sandbox: memory must be at least 64m");
        assertProblem(lab + "sandbox:\n  cpus: 0\n", "sandbox: cpus must be positive");
        assertProblem(lab + "sandbox:\n  network: host\n", "sandbox: unknown field 'network'");
        assertProblem(lab + "sandbox: big\n", "'sandbox' must be a mapping");
    }

    @Test
    void readsTheServicesInTheirOrderWithTheirImage() throws IOException {
        String lab = "id: 07-demo\ntitle: t\nsuite: a.B\n";
        assertThat(ManifestReader.read(write("07-demo", lab + "services:\n  redis: {}\n")).services())
                .containsExactly(new ServiceSpec("redis", java.util.Optional.empty()));
        assertThat(ManifestReader.read(write("07-demo", lab + "services:\n  redis:\n    image: redis:7.2\n")).services())
                .containsExactly(new ServiceSpec("redis", java.util.Optional.of("redis:7.2")));
        assertThat(ManifestReader.read(write("07-demo", lab + "services:\n  redis:\n")).services())
                .containsExactly(new ServiceSpec("redis", java.util.Optional.empty()));
        assertThat(ManifestReader.read(write("07-demo", lab)).services()).isEmpty();
        assertThat(new ServiceSpec("redis", java.util.Optional.empty()).urlVariable()).isEqualTo("LAB_REDIS_URL");
    }

    @Test
    void namesEveryServicesProblem() throws IOException {
        String lab = "id: 07-demo\ntitle: t\nsuite: a.B\n";
        assertProblem(lab + "services:\n  postgres: {}\n", "services: unknown service 'postgres' (known: redis)");
        assertProblem(lab + "services: [redis]\n", "'services' must be a mapping of service names to options");
        assertProblem(lab + "services:\n  redis: yes\n", "services.redis must be a mapping of options");
        assertProblem(lab + "services:\n  redis:\n    port: 1\n", "services.redis: unknown option 'port' (known: image)");
        assertProblem(lab + "services:\n  redis:\n    image: ''\n", "services.redis.image must name an image");
    }

    @Test
    void parsesDurationsWithUnits() {
        assertThat(ManifestReader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ManifestReader.parseDuration(" 5 m ")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ManifestReader.parseDuration("5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catalogListsTheLabsOfTheRepositoryInIdOrder() {
        Catalog catalog = Catalog.load(Path.of(System.getProperty("labkit.home", "..")).resolve("labs"));

        assertThat(catalog.labs()).extracting(LabManifest::id).contains("01-chatbot").isSorted();
        assertThat(catalog.require("01-chatbot").suite()).isEqualTo("dev.labkit.checks.chatbot.ChatbotChecks");
        assertThat(catalog.enclosing(catalog.require("01-chatbot").solution())).map(LabManifest::id)
                .contains("01-chatbot");
        assertThatThrownBy(() -> catalog.require("99-nope"))
                .hasMessage("unknown lab '99-nope': known labs are " + String.join(", ",
                        catalog.labs().stream().map(LabManifest::id).toList()) + " (run `lab list`)");
    }

    private void assertProblem(String yaml, String expected) throws IOException {
        Path file = write("07-demo", yaml);
        assertThatThrownBy(() -> ManifestReader.read(file))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expected);
    }

    private Path write(String id, String yaml) throws IOException {
        Path dir = Files.createDirectories(labs.resolve(id));
        return Files.writeString(dir.resolve("lab.yaml"), yaml);
    }
}
