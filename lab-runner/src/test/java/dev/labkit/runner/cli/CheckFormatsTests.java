package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.grading.TestLabs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lab check --format LIST --out DIR}, run in-process for real (an app that exits at start grades fast). */
class CheckFormatsTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(Map<String, String> environment, String... args) {
        return LabCli.run(new CommandLine(new LabCli(environment)), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
    }

    private int check(Map<String, String> environment, String... options) {
        String[] args = Stream.concat(Stream.of("check", TestLabs.app("exits-at-start").toString(), "--lab", "01-chatbot"),
                Stream.of(options)).toArray(String[]::new);
        return lab(environment, args);
    }

    @Test
    void everyFormatIsWrittenUnderItsFileNameAndTheSummaryAppendedForGitHub() throws Exception {
        Path dir = temp.resolve("reports/alice");
        Path summary = Files.writeString(temp.resolve("step-summary.md"), "earlier step\n");

        int exit = check(Map.of("GITHUB_STEP_SUMMARY", summary.toString()),
                "--format", "json,junit,md,html,gradescope,classroom,prairielearn", "--out", dir.toString(),
                "--json", temp.resolve("also.json").toString());

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECKS_FAILED.code());
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder("result.json", "junit.xml", "report.md", "report.html", "results.json",
                            "classroom.json", "results/results.json");
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode result = json.readTree(dir.resolve("result.json").toFile());
        assertThat(result.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(result.get("status").asText()).isEqualTo("start-failed");
        assertThat(Files.readString(temp.resolve("also.json"))).isEqualTo(Files.readString(dir.resolve("result.json")));
        assertThat(json.readTree(dir.resolve("results.json").toFile()).get("score").asDouble()).isZero();
        assertThat(json.readTree(dir.resolve("classroom.json").toFile()).get("max_score").asInt())
                .isEqualTo(result.get("maxScore").asInt());
        JsonNode prairieLearn = json.readTree(dir.resolve("results/results.json").toFile());
        assertThat(prairieLearn.get("gradable").asBoolean()).as("it built; it did not start").isTrue();
        assertThat(prairieLearn.get("score").asDouble()).isZero();
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<testsuite");
        assertThat(Files.readString(dir.resolve("report.html"))).containsIgnoringCase("<html");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).startsWith("## Lab `01-chatbot`: 0/" + result.get("maxScore").asInt() + " (start-failed)");
        assertThat(summary).hasContent("earlier step\n" + md);
    }

    @Test
    void withoutMdTheStepSummaryIsLeftAlone() throws Exception {
        Path summary = Files.writeString(temp.resolve("step-summary.md"), "earlier step\n");

        check(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), "--format", "json", "--out", temp.resolve("r").toString());

        assertThat(summary).hasContent("earlier step\n");
        assertThat(temp.resolve("r/result.json")).isRegularFile();
    }

    @Test
    void anUnknownFormatIsAOneLineErrorBeforeAnythingIsGradedOrCreated() {
        Path dir = temp.resolve("reports");

        int exit = check(Map.of(), "--format", "json,pdf", "--out", dir.toString());

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: --format json,pdf: unknown format \"pdf\"; use a comma-separated"
                + " list of json, junit, md, html, gradescope, classroom, prairielearn\n");
        assertThat(out.toString()).doesNotContain("Score");
        assertThat(dir).doesNotExist();
    }

    @Test
    void formatAndOutGoTogether() {
        assertThat(check(Map.of(), "--format", "md")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(check(Map.of(), "--out", temp.toString())).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).isEqualTo("error: --format md needs --out DIR, the folder for its files\n"
                + "error: --out " + temp + " needs --format LIST (e.g. --format json,md)\n");
        assertThat(out.toString()).doesNotContain("Score");
    }

    @Test
    void anOutFolderThatIsAFileIsFoundBeforeGrading() throws Exception {
        Path blocker = Files.writeString(temp.resolve("file"), "x");

        int exit = check(Map.of(), "--format", "gradescope", "--out", blocker.toString());

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: cannot write the report " + blocker.resolve("results.json") + " ("
                + blocker + " is a file, not a folder): choose a writable path\n");
        assertThat(out.toString()).doesNotContain("Score");
    }

    @Test
    void aFileNamedByJsonAndByFormatIsAUsageError() {
        int exit = check(Map.of(), "--format", "json", "--out", temp.toString(), "--json",
                temp.resolve("result.json").toString());

        assertThat(exit).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).isEqualTo("error: --format json would write " + temp.resolve("result.json")
                + ", which --json or --junit also names: give that option another file\n");
    }
}
