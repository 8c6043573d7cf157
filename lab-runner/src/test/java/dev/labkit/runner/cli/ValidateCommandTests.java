package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab validate} run in-process: usage errors, and one real validation of lab 01. */
class ValidateCommandTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(String... args) {
        return LabCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /**
     * A copy of lab 01, given by its folder, with one true variant and one that declares the wrong
     * check: graded for real (solution, scaffold, both variants), it is not sound, with exactly one
     * problem that says what was expected, what was found, and where the details are.
     */
    @Test
    void validatesALabFolderForRealAndNamesTheVariantThatFailsOtherChecksThanItSays() throws IOException {
        Path lab = copyOfLab01();
        String noMemory = Files.readString(lab.resolve("broken/no-memory.yaml"));
        Files.writeString(lab.resolve("broken/no-memory-misdeclared.yaml"),
                noMemory.replace("fails: [chat.memory]", "fails: [chat.reply]"));
        Path results = temp.resolve("results");

        int exit = lab("validate", lab.toString(), "--jobs", "3", "--out", results.toString());

        Path details = results.resolve("01-chatbot/variant-no-memory-misdeclared.json");
        assertThat(out.toString().lines().toList()).as(err.toString()).containsExactly(
                "01-chatbot variant no-memory-misdeclared: expected to fail [chat.reply], found [chat.memory];"
                        + " failed beyond its list: chat.memory; did not fail: chat.reply (details: " + details + ")",
                "",
                "01-chatbot: not sound, 1 problem (static checks: 0 problems; gradings: 3 of 4 as expected)",
                "Each grading's result: " + results);
        assertThat(exit).isEqualTo(ExitCode.CHECKS_FAILED.code());
        assertThat(err.toString()).contains("Grading 4 apps, 3 at a time ...", "[4/4] 01-chatbot ",
                "01-chatbot solution: as expected", "01-chatbot variant no-memory: as expected");
        JsonNode result = new ObjectMapper().readTree(details.toFile());
        assertThat(result.path("lab").asText()).isEqualTo("01-chatbot");
        assertThat(result.path("status").asText()).isEqualTo("failed");
        for (String file : List.of("solution.json", "scaffold.json", "variant-no-memory.json")) {
            assertThat(results.resolve("01-chatbot").resolve(file)).isRegularFile();
        }
    }

    @Test
    void aFolderWithoutLabYamlAnUnknownLabAndNoJobAreUsageErrors() {
        assertThat(lab("validate", temp.toString())).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).contains("error: " + temp + " has no lab.yaml: pass a lab's folder, or a lab id"
                + " (see `lab list`)");

        assertThat(lab("validate", "99-nothing")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).contains("error: unknown lab '99-nothing'");

        assertThat(lab("validate", "01-chatbot", "--jobs", "0")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).contains("error: --jobs 0: run at least 1 grading at a time");

        assertThat(lab("validate")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).contains("Missing required parameter");
    }

    /** Lab 01's folder without its other variants, and without build output. */
    private Path copyOfLab01() throws IOException {
        Path lab = temp.resolve("labs/01-chatbot");
        FileTrees.copy(TestLabs.home().resolve("labs/01-chatbot"), lab, FileTrees.BUILD_OUTPUT);
        try (var variants = Files.list(lab.resolve("broken"))) {
            for (Path variant : variants.filter(v -> !v.getFileName().toString().equals("no-memory.yaml")).toList()) {
                Files.delete(variant);
            }
        }
        return lab;
    }
}
