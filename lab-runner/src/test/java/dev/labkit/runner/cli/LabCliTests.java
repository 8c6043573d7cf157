package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.grading.TestLabs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process: help, errors and exit codes. */
class LabCliTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(String... args) {
        return LabCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void printsItsVersion() {
        assertThat(lab("--version")).isZero();
        assertThat(out.toString()).startsWith("lab " + dev.labkit.runner.RunnerVersion.current().runner() + " (check SDK ");
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(lab("--help")).isZero();
        assertThat(out.toString()).contains("list", "info", "init", "check", "new", "install", "model", "tools", "doctor",
                "pack", "--pack", "validate");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"list", "info", "init", "check", "grade", "results", "new", "install",
            "model", "tools", "doctor", "pack", "validate"}) {
            assertThat(lab(command, "--help")).as(command).isZero();
        }
        assertThat(lab("model", "serve", "--help")).isZero();
        assertThat(lab("tools", "serve", "--help")).isZero();
        assertThat(lab("pack", "verify", "--help")).isZero();
        assertThat(lab("pack", "keygen", "--help")).isZero();
        assertThat(lab("results", "merge", "--help")).isZero();
        assertThat(out.toString()).contains("--port", "--json", "--junit", "--lab", "--models", "--speech-url",
                "--service", "--services");
    }

    /**
     * Picocli starts each element of a description array on a line of its own and wraps it to the terminal: an
     * element that stops mid-sentence (a line wrapped by hand in the source) shows as a ragged break in the middle
     * of a sentence ("ids are unique, contract / points add up to 100"). So every element but the last ends a
     * sentence or a clause, outside any parenthesis.
     */
    @Test
    void everyDescriptionIsWrittenInWholeSentencesForPicocliToWrap() {
        List<String> brokenMidSentence = new ArrayList<>();
        ArrayDeque<CommandLine> commands = new ArrayDeque<>();
        commands.add(new CommandLine(new LabCli()));
        while (!commands.isEmpty()) {
            CommandLine command = commands.poll();
            commands.addAll(command.getSubcommands().values());
            CommandLine.Model.CommandSpec spec = command.getCommandSpec();
            Map<String, String[]> descriptions = new LinkedHashMap<>();
            descriptions.put(spec.qualifiedName(), spec.usageMessage().description());
            spec.options().forEach(o -> descriptions.put(spec.qualifiedName() + " " + o.longestName(),
                    o.description()));
            spec.positionalParameters().forEach(p -> descriptions.put(spec.qualifiedName() + " " + p.paramLabel(),
                    p.description()));
            descriptions.forEach((where, lines) -> {
                for (int i = 0; i < lines.length - 1; i++) {
                    String line = lines[i].strip();
                    boolean closed = line.chars().filter(c -> c == '(').count()
                            == line.chars().filter(c -> c == ')').count();
                    if (!closed || !line.matches("(?s).*[.:;!?]\\)?")) {
                        brokenMidSentence.add(where + ": \"" + lines[i] + "\"");
                    }
                }
            });
        }
        assertThat(brokenMidSentence).as("description lines that stop mid-sentence").isEmpty();
    }

    @Test
    void withoutACommandItSaysWhatToDoAndExitsWithUsage() {
        assertThat(lab()).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).contains("error: name a command: list, info, init, check, grade, results, new, install, model, tools, "
                + "doctor, pack, validate\n");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithTheNextStep() {
        assertThat(lab("check", "--colour")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: unknown option '--colour'\nrun `lab check --help` for usage\n");
    }

    /** Thrown by a fixture command: picocli hands only Exceptions to its handlers, an Error escapes them. */
    @Test
    void anErrorInTheRunnerIsOneLineWithExitCodeTwoNotAStackTrace() {
        int exit = LabCli.run(new CommandLine(new OutOfMemoryFixture()), new PrintWriter(out, true),
                new PrintWriter(err, true));

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: the runner failed unexpectedly"
                + " (java.lang.OutOfMemoryError: Java heap space)\nrun with --verbose for details\n");
    }

    @CommandLine.Command(name = "lab")
    static final class OutOfMemoryFixture implements Runnable {
        @Override
        public void run() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anUnknownLabIsOneLineWithoutAStackTrace() {
        assertThat(lab("info", "99-nope")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: unknown lab '99-nope': known labs are 01-chatbot")
                .doesNotContain("\tat ", "Exception", "--verbose")
                .hasLineCount(1);
    }

    @Test
    void verboseAddsTheStackTrace() {
        assertThat(lab("info", "99-nope", "--verbose")).isEqualTo(2);
        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void listShowsTheLabs() {
        assertThat(lab("list")).isZero();
        assertThat(out.toString()).contains("01-chatbot", "stage 1");
    }

    @Test
    void infoShowsTheChecksAndTheirPoints() {
        assertThat(lab("info", "01-chatbot")).isZero();
        assertThat(out.toString()).contains("chat.memory", "chat.stream-errors", "Contract checks are worth 100 points");
    }

    @Test
    void infoShowsTheModelsAsATableWithTheirVariables() {
        assertThat(lab("info", "02-rag-assistant")).isZero();
        assertThat(out.toString()).contains("Models:\n"
                + "  role       model         environment variable\n"
                + "  chat       qwen2.5:0.5b  LAB_CHAT_MODEL\n"
                + "  embedding  all-minilm    LAB_EMBEDDING_MODEL\n")
                .doesNotContain("{chat=");
    }

    @Test
    void checkingAFolderThatDoesNotExistSaysSo() {
        assertThat(lab("check", temp.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: " + temp.resolve("missing")
                + " does not exist: pass the folder of your lab project\n");
    }

    @Test
    void checkingAFileSaysItIsNotAFolder() throws Exception {
        Path file = Files.writeString(temp.resolve("README.md"), "x");
        assertThat(lab("check", file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: " + file + " is not a directory: pass the folder of your lab project\n");
    }

    @Test
    void noTranscriptsLeavesThemOutAndTheyAreShownByDefault() {
        CheckCommand without = new CheckCommand();
        new CommandLine(without).parseArgs("app", "--no-transcripts");
        CheckCommand byDefault = new CheckCommand();
        new CommandLine(byDefault).parseArgs("app");
        CheckCommand with = new CheckCommand();
        new CommandLine(with).parseArgs("app", "--transcripts");

        assertThat(without.transcripts).as("--no-transcripts").isFalse();
        assertThat(byDefault.transcripts).as("by default").isTrue();
        assertThat(with.transcripts).as("--transcripts").isTrue();
    }

    @Test
    void anUnknownSandboxIsOneLineWithTheChoices() {
        Path solution = TestLabs.lab("01-chatbot").solution();
        assertThat(lab("check", solution.toString(), "--sandbox", "vm")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --sandbox: 'vm' is not a sandbox: use process or container")
                .doesNotContain("\tat ");
    }

    @Test
    void aSpeechUrlThatIsNoAddressIsOneLineBeforeAnythingIsBuilt() {
        Path solution = TestLabs.lab("01-chatbot").solution();
        assertThat(lab("check", solution.toString(), "--speech-url", "ftp://speech")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: 'ftp://speech' is not a speech server address: write"
                + " http://host:port (e.g. http://127.0.0.1:8000), as LABKIT_SPEECH_URL or --speech-url")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadServiceOrServicesOptionIsOneLineBeforeAnythingIsBuilt() {
        String solution = TestLabs.lab("01-chatbot").solution().toString();
        assertThat(lab("check", solution, "--services", "cloud")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --services cloud: expected auto, container, process or embedded\n");
        err.getBuffer().setLength(0);
        assertThat(lab("check", solution, "--service", "postgres=postgres://db:5432")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --service postgres=postgres://db:5432: write NAME=URL with NAME"
                + " one of redis (e.g. --service redis=redis://127.0.0.1:6379)\n");
        err.getBuffer().setLength(0);
        assertThat(lab("check", solution, "--service", "redis=http://cache")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: 'http://cache' is not a Redis URL: write redis://host:port");
        err.getBuffer().setLength(0);
        assertThat(lab("check", solution, "--service", "redis=redis://127.0.0.1:6379", "--services", "embedded"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --service redis=redis://127.0.0.1:6379 and --services embedded"
                + " say different things: give one of them\n").doesNotContain("\tat ");
    }

    @Test
    void aNegativePullSpeedIsOneLineAndNothingStarts() {
        assertThat(lab("model", "serve", "--pull-speed", "-5")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --pull-speed: -5.0 is not a speed: give MB/s, or 0 for instant")
                .doesNotContain("\tat ");
    }

    @Test
    void checkingAFolderOfNoKnownLabAsksForTheLab() {
        assertThat(lab("check", temp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot tell which lab", "pass --lab <id>");
    }

    @Test
    void initCreatesAProjectThatCheckRecognises() {
        Path project = temp.resolve("my-chatbot");

        assertThat(lab("init", "01-chatbot", project.toString())).isZero();

        assertThat(project.resolve(".labkit")).hasContent("lab: 01-chatbot");
        assertThat(project.resolve("pom.xml")).exists();
        assertThat(project.resolve("BRIEF.md")).exists();
        assertThat(lab("init", "01-chatbot", project.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("already exists and is not empty");
    }

    @Test
    void checkWritesTheRealResultEvenWhenTheAppFakesOne() throws Exception {
        Path json = temp.resolve("reports/result.json");
        Path junit = temp.resolve("reports/junit.xml");

        int exit = lab("check", TestLabs.app("fake-results").toString(), "--lab", "01-chatbot",
                "--json", json.toString(), "--junit", junit.toString());

        assertThat(exit).isEqualTo(ExitCode.CHECKS_FAILED.code());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("score").asInt()).isLessThanOrEqualTo(10);
        assertThat(Files.readString(junit)).contains("<testsuite");
        assertThat(out.toString()).contains("FAIL chat.reply", "Score: ");
    }

    /** Found before anything is built: not after minutes of grading. */
    @Test
    void anUnwritableReportPathIsAOneLineErrorBeforeGrading() throws Exception {
        Path blocker = Files.writeString(temp.resolve("file"), "x");

        int exit = lab("check", TestLabs.app("exits-at-start").toString(), "--lab", "01-chatbot",
                "--json", blocker.resolve("result.json").toString());

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: cannot write the report " + blocker.resolve("result.json")
                + " (" + blocker + " is a file, not a folder): choose a writable path\n");
        assertThat(out.toString()).doesNotContain("Score");
    }

    @Test
    void aMistypedCommandOrOptionIsNamedWithWhatWasMeant() {
        assertThat(lab("chek")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(lab("check", "--jsn", "x.json")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).contains("error: unknown command 'chek' (did you mean check",
                "error: unknown option '--jsn' (did you mean --json?)\nrun `lab check --help` for usage\n");
    }

    /** /proc looks writable to root, yet no file can be made there: the path is tried, not asked about. */
    @Test
    void aReportPathWhereNoFileCanBeMadeIsFoundBeforeGradingEvenForRoot() {
        Path proc = Path.of("/proc/labkit-report-" + ProcessHandle.current().pid() + ".json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc.getParent()), "a Linux /proc");

        int exit = lab("check", TestLabs.app("exits-at-start").toString(), "--lab", "01-chatbot",
                "--json", proc.toString());

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).startsWith("error: cannot write the report " + proc + " (")
                .endsWith("): choose a writable path\n");
        assertThat(out.toString()).doesNotContain("Score");
    }

    @Test
    void anExistingReportIsLeftAsItIsUntilTheNewOneReplacesIt() throws Exception {
        Path report = Files.writeString(temp.resolve("old.json"), "{\"score\": 7}");

        lab("check", TestLabs.app("exits-at-start").toString(), "--lab", "01-chatbot", "--json", report.toString());

        assertThat(Files.readString(report)).contains("\"status\" : \"start-failed\"");
    }

    @Test
    void aReportPathThatIsAFolderIsAOneLineErrorBeforeGrading() {
        int exit = lab("check", TestLabs.app("exits-at-start").toString(), "--lab", "01-chatbot",
                "--junit", temp.toString());

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: cannot write the report " + temp + " (it is a folder): name a file\n");
    }

    @Test
    void missingReportFoldersAreCreated() throws Exception {
        Path report = temp.resolve("reports/lab01/result.json");

        int exit = lab("check", TestLabs.app("exits-at-start").toString(), "--lab", "01-chatbot",
                "--json", report.toString());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(report).isRegularFile();
    }
}
