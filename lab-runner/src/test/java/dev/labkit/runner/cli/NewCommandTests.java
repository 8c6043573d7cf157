package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.catalog.Catalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lab new}: where the lab goes, what it says next, and one-line refusals with exit code 2. */
class NewCommandTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code lab args...} run in {@link #temp}. */
    private int lab(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Object command = type == NewCommand.class ? new NewCommand(temp)
                        : type == CheckCommand.class ? new CheckCommand(temp)
                        : null;
                return command != null ? type.cast(command) : CommandLine.defaultFactory().create(type);
            }
        };
        return LabCli.run(new CommandLine(new LabCli(), factory), new PrintWriter(out, true), new PrintWriter(err, true),
                args);
    }

    @Test
    void makesTheLabInTheCurrentFolderAndSaysHowToProveItSound() {
        assertThat(lab("new", "fern-facts")).as(err.toString()).isZero();

        assertThat(Catalog.readLab(temp.resolve("fern-facts")).suite()).isEqualTo("dev.labkit.labs.fernfacts.FernFactsChecks");
        assertThat(out.toString()).isEqualTo("Created fern-facts (lab fern-facts, from the template): edit its README.md,"
                + " checks/, solution/ and scaffold/, then prove it sound:\n"
                + "  lab check fern-facts/solution    # the reference solution: full marks\n"
                + "  lab check fern-facts/scaffold    # where learners start\n"
                + "  lab validate fern-facts    # solution, scaffold, broken variants, points, brief\n");
    }

    @Test
    void dirNamesTheParentFolderAndFromCopiesALabOfTheCatalog() throws Exception {
        assertThat(lab("new", "chatbot-2", "--dir", "drafts", "--from", "01-chatbot")).as(err.toString()).isZero();

        Path lab = temp.resolve("drafts/chatbot-2");
        assertThat(Catalog.readLab(lab).id()).isEqualTo("chatbot-2");
        assertThat(lab.resolve("broken/no-memory.yaml")).exists();
        assertThat(out.toString()).startsWith("Created drafts/chatbot-2 (lab chatbot-2, from 01-chatbot): ");
    }

    @Test
    void fromTakesALabsFolderToo() {
        assertThat(lab("new", "first")).isZero();

        assertThat(lab("new", "second", "--from", temp.resolve("first").toString())).as(err.toString()).isZero();

        assertThat(Catalog.readLab(temp.resolve("second")).suite()).isEqualTo("dev.labkit.labs.first.FirstChecks");
        assertThat(temp.resolve("second/checks/pom.xml")).content().contains("<artifactId>second-checks</artifactId>");
    }

    @Test
    void checkNamesALabOutsideTheCatalogByItsFolder() throws Exception {
        assertThat(lab("new", "fern-facts")).isZero();
        Path json = temp.resolve("result.json");

        int exit = lab("check", "--lab", "fern-facts", temp.resolve("fern-facts/scaffold").toString(), "--json",
                json.toString(), "--models", "embedded");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECKS_FAILED.code());
        var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(result.get("lab").asText()).isEqualTo("fern-facts");
        assertThat(result.get("score").asInt()).isEqualTo(10);
    }

    @Test
    void aTakenFolderIsRefusedInOneLineWithExitCode2() throws Exception {
        Files.createDirectories(temp.resolve("fern-facts/notes"));

        assertThat(lab("new", "fern-facts")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).isEqualTo("error: " + temp.resolve("fern-facts")
                + " already exists and is not empty: choose another id, or another folder with --dir\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownLabToCopyIsRefusedWithTheKnownOnes() {
        assertThat(lab("new", "fern-facts", "--from", "99-nothing")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).startsWith("error: unknown lab '99-nothing': known labs are 01-chatbot, ");
        assertThat(temp.resolve("fern-facts")).doesNotExist();
    }
}
