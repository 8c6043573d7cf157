package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.pack.PackLabsFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lab pack}, {@code lab pack verify|keygen} and {@code lab --pack FILE list|info|init|check},
 * in-process through {@link LabCli#run}, on real packs of a real lab, with the pack cache in a temporary
 * {@code XDG_CACHE_HOME}.
 */
class PackCommandTests {

    @TempDir
    Path temp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private final Map<String, String> environment = new HashMap<>();
    private Path labs;

    @BeforeEach
    void makeLabs() throws Exception {
        labs = PackLabsFixture.labs(temp.resolve("kit"));
        environment.put("XDG_CACHE_HOME", temp.resolve("cache").toString());
        environment.put("SOURCE_DATE_EPOCH", "1795000000");
    }

    private int lab(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == PackCommand.class ? type.cast(new PackCommand(environment))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        return LabCli.run(new CommandLine(new LabCli(environment), factory), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
    }

    private Path pack(String... options) {
        Path file = temp.resolve("bootcamp.labpack");
        String[] args = Stream.concat(Stream.of("pack", labs.resolve("01-chatbot").toString(), "--out", file.toString()),
                Stream.of(options)).toArray(String[]::new);
        assertThat(lab(args)).as(err.toString()).isZero();
        return file;
    }

    @Test
    void packWritesThePackAndSaysHowToUseIt() {
        Path file = pack("--learner", "--version", "2026.1");

        assertThat(out.toString()).contains("Wrote " + file + ": bootcamp 2026.1 (learner edition): 1 lab"
                + " (01-chatbot), ").contains("needs lab runner [0.1.0,1); unsigned\n")
                .contains("Use it with: lab --pack " + file + " list  (learner edition: hidden checks are graded as"
                        + " withheld)");
    }

    @Test
    void theVersionDefaultsToTheCreationDateAndSourceDateEpochMakesPacksReproducible() throws Exception {
        byte[] first = Files.readAllBytes(pack());
        assertThat(out.toString()).contains("bootcamp 2026.11.18 (full edition)");
        byte[] second = Files.readAllBytes(pack());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void verifyPrintsTheSummaryAndSignatureChecksWithTheInheritedPublicKey() {
        Path keys = temp.resolve("keys");
        assertThat(lab("pack", "keygen", "--out", keys.toString())).as(err.toString()).isZero();
        String fingerprint = out.toString().lines().filter(l -> l.startsWith("Key fingerprint: ")).findFirst()
                .orElseThrow().substring("Key fingerprint: ".length());
        Path file = pack("--sign-key", keys.resolve("labpack-private.pem").toString(), "--name", "camp");

        assertThat(lab("pack", "verify", file.toString(), "--public-key", keys.resolve("labpack-public.pem").toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("OK " + file + ": camp ").endsWith("; signed by key " + fingerprint + "\n");

        Path other = temp.resolve("other");
        assertThat(lab("pack", "keygen", "--out", other.toString())).isZero();
        assertThat(lab("--public-key", other.resolve("labpack-public.pem").toString(), "pack", "verify",
                file.toString())).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).startsWith("error: pack bootcamp.labpack does not carry a valid signature by key ")
                .hasLineCount(1);
    }

    @Test
    void aTamperedPackIsRefusedInOneLineByVerifyAndByPack() throws Exception {
        Path file = pack("--learner");
        Map<String, byte[]> entries = PackLabsFixture.entries(file);
        byte[] brief = entries.get("labs/01-chatbot/README.md");
        brief[0] ^= 1;
        PackLabsFixture.write(entries, file);

        assertThat(lab("pack", "verify", file.toString())).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: pack bootcamp.labpack is damaged or was changed: file"
                + " labs/01-chatbot/README.md does not match its SHA-256 in labpack.json (changed after packing); get"
                + " the pack again from its publisher\n");
        assertThat(lab("--pack", file.toString(), "list")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).startsWith("error: pack bootcamp.labpack is damaged").hasLineCount(1);
        assertThat(temp.resolve("cache/labkit/packs")).doesNotExist();
    }

    @Test
    void listAndInfoWorkFromAPack() {
        Path file = pack("--learner");

        assertThat(lab("--pack", file.toString(), "list")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("01-chatbot  stage 1  ").doesNotContain("02-rag-assistant");
        assertThat(lab("info", "01-chatbot", "--pack", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("chat.memory", "Contract checks are worth 100 points");
        try (Stream<Path> packs = Files.list(temp.resolve("cache/labkit/packs"))) {
            assertThat(packs).hasSize(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The round trip: pack, verify, init from the pack, and grade: the same score as the repository's scaffold. */
    @Test
    void checkFromAPackGivesTheSameScoreAsFromTheRepository() throws Exception {
        Path file = pack("--learner");
        assertThat(lab("pack", "verify", file.toString())).as(err.toString()).isZero();
        Path project = temp.resolve("my-chatbot");

        assertThat(lab("--pack", file.toString(), "init", "01-chatbot", project.toString())).as(err.toString()).isZero();

        assertThat(project.resolve(".labkit")).hasContent("lab: 01-chatbot");
        assertThat(project.resolve("pom.xml")).exists();
        assertThat(Files.readString(project.resolve("BRIEF.md"))).contains("](docs/environment.md");
        assertThat(project.resolve("docs/environment.md")).exists();

        Path fromPack = temp.resolve("from-pack.json");
        Path fromFolder = temp.resolve("from-folder.json");
        lab("--pack", file.toString(), "check", project.toString(), "--models", "embedded", "--json", fromPack.toString());
        String packReport = out.toString() + err;
        lab("check", TestLabs.lab("01-chatbot").scaffold().toString(), "--lab", "01-chatbot", "--models", "embedded",
                "--json", fromFolder.toString());

        JsonNode a = new ObjectMapper().readTree(fromPack.toFile());
        JsonNode b = new ObjectMapper().readTree(fromFolder.toFile());
        assertThat(a.get("score").asInt()).as(packReport).isEqualTo(b.get("score").asInt());
        assertThat(a.get("maxScore").asInt()).isEqualTo(b.get("maxScore").asInt());
        assertThat(a.get("lab").asText()).isEqualTo("01-chatbot");
    }

    @Test
    void labsFromALearnerPackAreLearnerEditionsAndFromAFullPackOrTheCheckoutAreNot() {
        Path learner = pack("--learner");
        Path full = temp.resolve("full.labpack");
        assertThat(lab("pack", labs.resolve("01-chatbot").toString(), "--out", full.toString())).isZero();

        assertThat(labFrom("--pack", learner.toString()).learnerEdition()).isTrue();
        assertThat(labFrom("--pack", full.toString()).learnerEdition()).isFalse();
        assertThat(labFrom().learnerEdition()).isFalse();
    }

    /** Lab 01 as {@code lab [options] list} sees it. */
    private LabManifest labFrom(String... options) {
        CommandLine cli = new CommandLine(new LabCli(environment));
        String[] args = Stream.concat(Stream.of(options), Stream.of("list")).toArray(String[]::new);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return LabCli.catalog(parsed.subcommand().commandSpec()).require("01-chatbot");
    }

    @Test
    void packWithoutLabsOrFileSaysWhatToWrite() {
        assertThat(lab("pack")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).startsWith("error: name the labs and the file: lab pack 01-chatbot").hasLineCount(1);
    }

    @Test
    void withImagesWhenDockerDoesNotAnswerIsOneLineWithWhatToDo() {
        assumeFalse(DockerEngine.problem(Duration.ofSeconds(5)).isEmpty(), "a Docker engine answers here");

        assertThat(lab("pack", labs.resolve("01-chatbot").toString(), "--out", temp.resolve("x.labpack").toString(),
                "--with-images")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).startsWith("error: Docker is not running or not reachable (").contains(
                "): start Docker (or set DOCKER_HOST), then run the command again").hasLineCount(1);
    }

    @Test
    void doctorLoadOfAMissingFileSaysWhatToGive() {
        assertThat(lab("doctor", "--load", temp.resolve("none.images.tar").toString()))
                .isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: no images file at " + temp.resolve("none.images.tar")
                + ": give the NAME.images.tar made by `lab pack ... --with-images`\n");
    }
}
