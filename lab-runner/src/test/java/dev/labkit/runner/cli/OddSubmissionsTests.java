package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab check} run as users run it (a separate JVM, as an ordinary user, with its own heap,
 * locale and temporary folder) on submissions and machines that are odd in one way each: each
 * gets the grade it earned, or a one-line reason with exit code 2, and leaves nothing behind.
 */
class OddSubmissionsTests {

    private static final Duration GRADING = Duration.ofMinutes(8);

    @TempDir
    Path temp;

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static String yamlString(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * 300 MB on one line in the build (then a newline) and 300 MB with no newline before the app
     * starts, read by a runner with a 96 MB heap: the app gets the grade it gets without them, check
     * by check. Neither printer may meet a broken pipe ({@code &&}: one killed by SIGPIPE would stop
     * the build or the start). The app is the grader's echo app, whose grade on lab 01 does not
     * depend on timing.
     */
    @Test
    void anAppPrinting300MegabytesOnOneLineGetsTheGradeItEarnsFromARunnerWithASmallHeap() throws Exception {
        Path submission = temp.resolve("submission");
        FileTrees.copy(TestLabs.app("echo"), submission, Set.of());
        Files.writeString(submission.resolve("submission.yaml"),
                "build: " + yamlString("head -c 300000000 /dev/zero | tr '\\0' x && echo") + "\n"
                + "start: " + yamlString("head -c 300000000 /dev/zero | tr '\\0' y && exec java EchoApp.java") + "\n");
        GradeResult earned = new Grader(GradingListener.NONE, Clock.systemUTC())
                .grade(new GradeRequest(TestLabs.lab("01-chatbot"), TestLabs.app("echo")));

        LabProcessFixture.Result run = check(new LabProcessFixture(temp.resolve("run")).jvmOptions("-Xmx96m"), submission);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.of(earned).code());
        Map<String, String> statuses = new TreeMap<>();
        json(result()).get("checks").forEach(check -> statuses.put(check.get("id").asText(), check.get("status").asText()));
        assertThat(statuses).isEqualTo(earned.checks().stream()
                .collect(Collectors.toMap(CheckResult::id, check -> check.status().id(), (a, b) -> a, TreeMap::new)));
        assertThat(json(result()).get("score").asInt()).isEqualTo(earned.score());
    }

    /** A submission of one {@code submission.yaml} (and whatever the test adds). */
    private Path submission(String build, String start) throws IOException {
        Path submission = Files.createDirectories(temp.resolve("submission"));
        Files.writeString(submission.resolve("submission.yaml"), "build: " + yamlString(build) + "\n"
                + "start: " + yamlString(start) + "\n");
        return submission;
    }

    /** What the runner left in its temporary folder: its workspaces are named labkit-*. */
    private static List<String> leftBehind(LabProcessFixture lab) throws IOException {
        try (Stream<Path> files = Files.list(lab.temporaryFolder())) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.startsWith("labkit-")).toList();
        }
    }

    private static final String EXITS_AT_START = "echo \"Sprout starting\"; exit 3";

    /** Where {@link #check} writes the JSON result. */
    private Path result() {
        return temp.resolve("result.json");
    }

    /** {@code lab check SUBMISSION --lab 01-chatbot --models embedded --json RESULT}, run by {@code lab}. */
    private LabProcessFixture.Result check(LabProcessFixture lab, Path submission) throws Exception {
        return lab.run(GRADING, "check", submission.toString(), "--lab", "01-chatbot", "--models", "embedded",
                "--json", result().toString());
    }

    /** Like Go's module cache (0555 folders, 0444 files) and a Maven repository made read-only, nested. */
    @Test
    void readOnlyFoldersMadeByTheBuildAreDeletedWithTheRestOfTheCopy() throws Exception {
        Path submission = submission("mkdir -p cache/go/pkg/mod/example.com/m@v1.0.0/internal .m2/repository/org/x/1.0"
                + " && echo 'package m' > cache/go/pkg/mod/example.com/m@v1.0.0/internal/m.go"
                + " && echo 'module example.com/m' > cache/go/pkg/mod/example.com/m@v1.0.0/go.mod"
                + " && echo jar > .m2/repository/org/x/1.0/x-1.0.jar"
                + " && chmod -R a-w cache .m2", EXITS_AT_START);
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run")).asAnOrdinaryUser();

        LabProcessFixture.Result run = check(lab, submission);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(json(result()).get("status").asText()).isEqualTo("start-failed");
        assertThat(json(result()).get("reason").asText()).startsWith("the app exited with code 3");
        assertThat(json(result()).get("warnings")).isEmpty();
        assertThat(run.err()).doesNotContain("warning");
        assertThat(leftBehind(lab)).as("temporary folders left behind").isEmpty();
    }

    /**
     * The grader starts loading the lab model's embedding model while the submission builds, and ONNX
     * Runtime's own shutdown hook crashes a JVM that exits during that load (SIGSEGV, exit code 134).
     * An app that fails at once ends the run about then: before the fix, every other run crashed here.
     * Four runs, as the crash depends on when the exit falls in the load.
     */
    @Test
    void aRunThatEndsWhileTheEmbeddingModelLoadsExitsWithItsOwnExitCode() throws Exception {
        Path submission = submission("true", EXITS_AT_START);
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run"));

        for (int run = 1; run <= 4; run++) {
            LabProcessFixture.Result result = check(lab, submission);

            assertThat(result.exitCode()).as("run %d: %s", run, result).isEqualTo(1);
            assertThat(result.out()).as("run %d", run).doesNotContain("A fatal error has been detected");
            assertThat(json(result()).get("status").asText()).isEqualTo("start-failed");
        }
    }

    /**
     * A folder the build gave to another user (0555, so its entries cannot go, and not the runner's
     * to make writable): the rest is deleted, and the file that stays is named, to the user and in
     * the result. Needs root to give a folder away; the runner then runs as an ordinary user.
     */
    @Test
    void whatStillCannotBeDeletedIsNamedOnTheConsoleAndInTheResult() throws Exception {
        assumeTrue(LabProcessFixture.runningAsRoot(), "giving a folder to another user needs root");
        Path submission = submission("mkdir -p locked/inner && echo x > locked/inner/kept.txt"
                + " && chmod 0555 locked/inner && chown 65534:65534 locked/inner", EXITS_AT_START);
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run")).asAnOrdinaryUser();

        LabProcessFixture.Result run = check(lab, submission);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(leftBehind(lab)).hasSize(1);
        Path kept = lab.temporaryFolder().resolve(leftBehind(lab).get(0)).resolve("app/locked/inner/kept.txt");
        String warning = "could not delete " + kept + " (permission denied): remove it yourself";
        assertThat(json(result()).get("warnings")).extracting(JsonNode::asText).containsExactly(warning);
        assertThat(run.err()).contains("warning: " + warning);
        assertThat(run.out()).contains("warning: " + warning);
        try (Stream<Path> rest = Files.list(lab.temporaryFolder().resolve(leftBehind(lab).get(0)))) {
            assertThat(rest.map(p -> p.getFileName().toString())).as("the rest is gone").containsExactly("app");
        }
    }

    /** As an ordinary user, a file of mode 0000 cannot be read: the copy stops there, and is deleted. */
    @Test
    void aFileTheRunnerCannotReadIsAOneLineErrorThatNamesItAndNothingIsLeftBehind() throws Exception {
        Path submission = submission("true", EXITS_AT_START);
        for (int i = 0; i < 20; i++) {
            Files.writeString(submission.resolve("notes-" + i + ".md"), "note " + i);
        }
        Path secret = Files.writeString(Files.createDirectories(submission.resolve("config")).resolve("secret.env"), "KEY=1");
        Files.setPosixFilePermissions(secret, Set.of());
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run")).asAnOrdinaryUser();

        LabProcessFixture.Result run = check(lab, submission);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElse("")).isEqualTo("error: cannot read " + secret
                + " in the submission: permission denied for the user running lab; make it readable (chmod -R u+rX "
                + submission + ") or remove it, then run again");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(leftBehind(lab)).as("temporary folders left behind").isEmpty();
    }

    private Path submissionWithNonAsciiNames() throws IOException {
        Path submission = submission("true", "ls notes; exit 3");
        Files.writeString(Files.createDirectories(submission.resolve("notes")).resolve("Überblick-é.md"), "# Überblick");
        Files.writeString(submission.resolve("notes/日本語のメモ.md"), "# メモ");
        return submission;
    }

    private static final String[] LOCALE = {"LANG", "LC_ALL", "LC_CTYPE", "LANGUAGE"};

    /** Cron, systemd and bare containers set no locale: the launcher gives the runner, the build and the app UTF-8. */
    @Test
    void withNoLocaleSetTheLauncherGradesASubmissionWithNonAsciiFileNames() throws Exception {
        Path submission = submissionWithNonAsciiNames();
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run")).without(LOCALE).throughTheLauncher();

        LabProcessFixture.Result run = check(lab, submission);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(json(result()).get("reason").asText()).startsWith("the app exited with code 3");
        assertThat(json(result()).get("log").asText()).as("the app found its notes under their names")
                .contains("Überblick-é.md", "日本語のメモ.md");
        assertThat(leftBehind(lab)).isEmpty();
    }

    /** Run directly, like {@code java -jar} from cron, Java cannot read such names: it says what to set, in one line. */
    @Test
    void withNoLocaleSetTheRunnerStartedDirectlySaysWhatToSetForNonAsciiFileNames() throws Exception {
        Path submission = submissionWithNonAsciiNames();
        LabProcessFixture lab = new LabProcessFixture(temp.resolve("run")).without(LOCALE);

        LabProcessFixture.Result run = check(lab, submission);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElse("")).startsWith("error: cannot copy " + submission + "/notes/")
                .endsWith(" from the submission: Java cannot read this file name, as no UTF-8 locale is set"
                        + " (LANG, LC_ALL and LC_CTYPE say ANSI_X3.4-1968); set LC_ALL=C.UTF-8 (the ./lab launcher does)");
        assertThat(leftBehind(lab)).isEmpty();
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A Docker engine that takes connections and never answers (mock: a silent socket, which is how a
     * hung engine behaves): {@code --models auto} gives up on it within its look limit, and says why.
     */
    @Test
    void anEngineThatNeverAnswersCostsModelsAutoAtMostItsLookLimit() throws Exception {
        Path socket = temp.resolve("docker.sock");
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "silent-engine");
            acceptor.setDaemon(true);
            acceptor.start();
            LabProcessFixture lab = new LabProcessFixture(temp.resolve("run"))
                    .with("DOCKER_HOST", "unix://" + socket).with("OLLAMA_HOST", "127.0.0.1:" + closedPort())
                    .with(DockerEngine.NO_REAPER, "true");

            LabProcessFixture.Result run = lab.run(GRADING, "check", TestLabs.app("echo").toString(), "--lab",
                    "01-chatbot", "--models", "auto", "--json", result().toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.phaseSeconds(LabProcessFixture.LOOKING_FOR_A_MODEL))
                    .isLessThan(LabProcessFixture.SECONDS_TO_LOOK_FOR_A_MODEL);
            assertThat(json(result()).findValues("message")).extracting(JsonNode::asText)
                    .contains("live check skipped: no real model is available (no Ollama answers at "
                            + lab.environment("OLLAMA_HOST").map(host -> "http://" + host).orElseThrow()
                            + ", and Docker cannot serve one: no Docker engine answered within 2 s): this run uses"
                            + " the embedded, scripted lab model");
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
    }
}
