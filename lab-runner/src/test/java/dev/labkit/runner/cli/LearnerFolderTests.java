package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.grading.TestLabs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A learner's folder works on its own: {@code lab install} puts {@code lab} on the PATH, {@code lab
 * init} says what to do next, and {@code lab check} with no folder grades the project it is run in.
 * In-process, with the working folder and the environment ({@code HOME}, {@code PATH}) given to the
 * commands; and once for real through the {@code ./lab} script and the link it installs.
 */
class LearnerFolderTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
    private Path workingDir = Path.of("").toAbsolutePath();

    private final Path launcher = TestLabs.home().resolve("lab");

    /** {@code lab args...} run in {@link #workingDir} with {@link #environment}. */
    private int lab(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Object command = type == CheckCommand.class ? new CheckCommand(workingDir)
                        : type == InstallCommand.class ? new InstallCommand(environment)
                        : type == InitCommand.class ? new InitCommand(environment)
                        : null;
                return command != null ? type.cast(command) : CommandLine.defaultFactory().create(type);
            }
        };
        return LabCli.run(new CommandLine(new LabCli(), factory), new PrintWriter(out, true), new PrintWriter(err, true),
                args);
    }

    // ---- lab check with no folder -------------------------------------------------------------

    @Test
    void checkWithNoFolderGradesTheProjectItIsRunInFromAnyFolderOfIt() throws Exception {
        Path project = temp.resolve("my-chatbot");
        FileTrees.copy(TestLabs.app("exits-at-start"), project, Set.of());
        Files.writeString(project.resolve(".labkit"), "lab: 01-chatbot\n");
        workingDir = Files.createDirectories(project.resolve("src/main"));
        Path json = temp.resolve("result.json");

        int exit = lab("check", "--json", json.toString());

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECKS_FAILED.code());
        var result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("lab").asText()).isEqualTo("01-chatbot");
        assertThat(result.get("submission").asText()).isEqualTo(project.toString());
        assertThat(out.toString()).contains("Lab 01-chatbot  ·  " + project);
    }

    @Test
    void checkWithNoFolderOutsideAnyProjectSaysWhatToDoInOneLine() {
        workingDir = temp;

        assertThat(lab("check")).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).isEqualTo("error: no lab project here (no .labkit file in " + temp
                + " or above): run `lab check` inside a folder made by `lab init`, or give the folder: lab check DIR\n");
    }

    // ---- lab init -----------------------------------------------------------------------------

    @Test
    void initSaysHowToPutLabOnThePathWhenItIsNotThereThenCdAndCheck() {
        Path project = temp.resolve("sprout");

        assertThat(lab("init", "01-chatbot", project.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo("Created " + project + " from lab 01-chatbot: "
                + TestLabs.lab("01-chatbot").title() + "\n"
                + "Read " + project.resolve("BRIEF.md") + " (the docs it links to are in " + project.resolve("docs")
                + "), then grade your work:\n"
                + "  " + launcher + " install    # once: puts `lab` on your PATH\n"
                + "  cd " + project + "\n"
                + "  lab check    # grades the project you are in, from any folder of it\n");
    }

    @Test
    void initLeavesOutTheInstallStepWhenLabOnThePathIsThisLauncher() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("lab"), launcher);
        environment.put("PATH", bin + ":/usr/bin:/bin");

        assertThat(lab("init", "01-chatbot", temp.resolve("sprout").toString())).isZero();

        assertThat(out.toString()).doesNotContain("install").contains("  cd " + temp.resolve("sprout") + "\n  lab check");
    }

    /** The brief's first commands are the ones that work: install once, init, cd, check with no folder. */
    @Test
    void everyBriefStartsWithInstallInitCdAndCheck() throws Exception {
        for (var lab : dev.labkit.runner.catalog.Catalog.load(TestLabs.home().resolve("labs")).labs()) {
            String brief = Files.readString(lab.brief());
            Matcher block = Pattern.compile("(?s)```sh\n(.*?)```").matcher(brief);
            assertThat(block.find()).as(lab.id() + " has a first sh block").isTrue();
            List<String> commands = block.group(1).lines().map(l -> l.replaceFirst("\\s*#.*$", "")).toList();

            assertThat(commands).as(lab.id()).hasSize(4);
            assertThat(commands.get(0)).isEqualTo("./lab install");
            assertThat(commands.get(1)).matches("\\./lab init " + lab.id() + " ~/[a-z]+");
            assertThat(commands.get(2)).isEqualTo("cd " + commands.get(1).substring(commands.get(1).lastIndexOf(' ') + 1));
            assertThat(commands.get(3)).isEqualTo("lab check");
            assertThat(brief).as(lab.id() + ": a section on other languages just before the environment")
                    .containsPattern("\\n## Other languages\\n[^#]*\\(\\.\\./\\.\\./docs/languages\\.md\\)[^#]*\\n## The environment\\n");
        }
    }

    // ---- lab install --------------------------------------------------------------------------

    @Test
    void installLinksLabIntoLocalBinOfHomeAndGivesTheLineToAddToThePath() throws Exception {
        environment.put("HOME", temp.toString());

        assertThat(lab("install")).as(err.toString()).isZero();

        Path link = temp.resolve(".local/bin/lab");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(launcher);
        assertThat(out.toString()).isEqualTo("Linked " + link + " -> " + launcher + ".\n"
                + temp.resolve(".local/bin") + " is not on your PATH. Add this line to ~/.bashrc (bash) or ~/.zshrc"
                + " (zsh), then open a new terminal:\n"
                + "  export PATH=\"$HOME/.local/bin:$PATH\"\n"
                + "Until then, run " + link + ".\n");
    }

    @Test
    void installingAgainChangesNothingAndSaysWhenTheFolderIsOnThePath() throws Exception {
        Path bin = temp.resolve("bin");
        environment.put("PATH", bin + ":/usr/bin:/bin");
        assertThat(lab("install", "--dir", bin.toString())).isZero();
        out.getBuffer().setLength(0);

        assertThat(lab("install", "--dir", bin.toString())).isZero();

        assertThat(out.toString()).isEqualTo(bin.resolve("lab") + " already runs " + launcher + ": nothing to do.\n"
                + bin + " is on your PATH: `lab` works from any folder, e.g. `lab list`.\n");
    }

    @Test
    void installSaysWhenAnotherLabComesFirstOnThePath() throws Exception {
        Path other = Files.createDirectories(temp.resolve("other"));
        Path otherLab = Files.writeString(other.resolve("lab"), "#!/bin/sh\n");
        otherLab.toFile().setExecutable(true);
        Path bin = temp.resolve("bin");
        environment.put("PATH", other + ":" + bin);

        assertThat(lab("install", "--dir", bin.toString())).isZero();

        assertThat(out.toString()).endsWith(bin + " is on your PATH, but " + otherLab + " comes first: put " + bin
                + " earlier in PATH, or run " + bin.resolve("lab") + ".\n");
    }

    @Test
    void installRefusesToReplaceALabThatIsNotLabKitsInOneLine() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path mine = Files.writeString(bin.resolve("lab"), "#!/bin/sh\necho my own lab tool\n");

        assertThat(lab("install", "--dir", bin.toString())).isEqualTo(ExitCode.COULD_NOT_GRADE.code());

        assertThat(err.toString()).isEqualTo("error: " + mine + " already exists and is not LabKit's (it is a file):"
                + " remove it yourself, or choose another folder with --dir\n");
        assertThat(mine).content().contains("my own lab tool");
    }

    @Test
    void installReplacesALinkToALabKitCheckoutThatWasMovedAway() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path gone = temp.resolve("old-labkit/lab");
        Files.createSymbolicLink(bin.resolve("lab"), gone);

        assertThat(lab("install", "--dir", bin.toString())).as(err.toString()).isZero();

        assertThat(Files.readSymbolicLink(bin.resolve("lab"))).isEqualTo(launcher);
        assertThat(out.toString()).startsWith("Linked " + bin.resolve("lab") + " -> " + launcher + " (it linked to "
                + gone + ", which no longer exists).\n");
    }

    @Test
    void theLineForAFolderOutsideHomeIsItsAbsolutePathQuotedWhenNeeded() {
        Path home = Path.of("/home/ada");

        assertThat(InstallCommand.exportLine(Path.of("/home/ada/bin"), home)).isEqualTo("export PATH=\"$HOME/bin:$PATH\"");
        assertThat(InstallCommand.exportLine(Path.of("/opt/lab kit/bin"), home))
                .isEqualTo("export PATH='/opt/lab kit/bin':\"$PATH\"");
        assertThat(InstallCommand.exportLine(Path.of("/opt/bin"), home)).isEqualTo("export PATH=\"/opt/bin:$PATH\"");
    }

    /**
     * For real: ./lab install with a HOME of its own, then, through the link it made, `lab list` from
     * another folder and `lab check` with no folder from a subfolder of a project.
     */
    @Test
    void theInstalledLinkRunsLabFromAnyFolder() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        LabProcessFixture install = new LabProcessFixture(Files.createDirectories(temp.resolve("install")))
                .throughTheLauncher().with("HOME", home.toString());

        LabProcessFixture.Result installed = install.run(Duration.ofMinutes(1), "install");

        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        Path link = home.resolve(".local/bin/lab");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(install.launcher());
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        LabProcessFixture.Result list = new LabProcessFixture(Files.createDirectories(temp.resolve("list")))
                .throughTheLauncherAt(link).in(elsewhere).run(Duration.ofMinutes(1), "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("01-chatbot", "02-rag-assistant", "03-tool-agent");

        Path project = temp.resolve("my-chatbot");
        FileTrees.copy(TestLabs.app("exits-at-start"), project, Set.of());
        Files.writeString(project.resolve(".labkit"), "lab: 01-chatbot\n");
        Path json = temp.resolve("result.json");
        LabProcessFixture.Result check = new LabProcessFixture(Files.createDirectories(temp.resolve("check")))
                .throughTheLauncherAt(link).in(Files.createDirectories(project.resolve("src")))
                .run(Duration.ofMinutes(2), "check", "--models", "embedded", "--json", json.toString());
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCode.CHECKS_FAILED.code());
        assertThat(new ObjectMapper().readTree(json.toFile()).get("submission").asText()).isEqualTo(project.toString());
    }
}
