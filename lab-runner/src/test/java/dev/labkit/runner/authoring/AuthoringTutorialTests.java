package dev.labkit.runner.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.cli.LabProcessFixture;
import dev.labkit.runner.grading.TestLabs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/authoring.md works as written: in a folder outside the LabKit checkout, its files (code
 * blocks with a {@code title="path"}) are written and its {@code sh} commands run, in the order the
 * page shows them, through the real {@code ./lab} launcher; each command must end with the exit code
 * its comment gives (0 unless it says {@code exit code N}) and print the {@code Score: N/100} it shows.
 */
class AuthoringTutorialTests {

    static final Path TUTORIAL = TestLabs.home().resolve("docs/authoring.md");

    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Pattern FENCE = Pattern.compile("^(`{3,})(\\S*)(.*)$");
    private static final Pattern TITLE = Pattern.compile("title=\"([^\"]+)\"");
    private static final Pattern SCORE = Pattern.compile("Score: \\d+/\\d+");
    private static final Pattern EXIT_CODE = Pattern.compile("exit code (\\d+)");

    @TempDir
    Path temp;

    /** A fenced block of the page: its language, the path in its {@code title=""} (or null), its text. */
    record Block(String language, String title, String text) {}

    @Test
    void theTutorialRunsAsWrittenOutsideTheCheckout() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        assertThat(work.toRealPath().startsWith(TestLabs.home().toRealPath())).as("a folder outside the checkout").isFalse();
        LabProcessFixture lab = new LabProcessFixture(Files.createDirectories(temp.resolve("runner")))
                .throughTheLauncher().in(work);
        List<Block> blocks = blocks(Files.readString(TUTORIAL));
        List<String> run = new ArrayList<>();

        for (Block block : blocks) {
            if (block.title() != null) {
                Path file = work.resolve(block.title());
                Files.createDirectories(file.getParent());
                Files.writeString(file, block.text());
                continue;
            }
            if (!block.language().equals("sh")) {
                continue;
            }
            for (String line : block.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                String command = line.replaceFirst("\\s+#.*$", "");
                String comment = line.length() > command.length() ? line.substring(command.length()) : "";
                List<String> words = Arrays.asList(command.split("\\s+"));
                assertThat(words.get(0)).as("the tutorial's commands are lab commands: " + line).isEqualTo("lab");
                Matcher exit = EXIT_CODE.matcher(comment);
                int expectedExit = exit.find() ? Integer.parseInt(exit.group(1)) : 0;

                LabProcessFixture.Result result = lab.run(LIMIT, words.subList(1, words.size()).toArray(String[]::new));

                assertThat(result.exitCode()).as(line + "\n" + result).isEqualTo(expectedExit);
                Matcher score = SCORE.matcher(comment);
                if (score.find()) {
                    assertThat(result.out()).as(line + "\n" + result).contains(score.group());
                }
                run.add(command);
            }
        }

        assertThat(run).as("commands run").contains("lab new library-desk", "lab check library-desk/solution",
                "lab validate library-desk");
        assertThat(work.resolve("library-desk/checks/src/main/java/dev/labkit/labs/librarydesk/LibraryDeskChecks.java"))
                .as("the suite lab new made is the one the tutorial edits").content().contains("ask.model-error");
    }

    @Test
    void theTutorialsNestedFencesAreReadAsOneBlock() {
        List<Block> blocks = blocks("````markdown title=\"a/README.md\"\n# A\n```sh\nlab check\n```\n````\n"
                + "```sh\nlab new a\n```\n");

        assertThat(blocks).containsExactly(new Block("markdown", "a/README.md", "# A\n```sh\nlab check\n```\n"),
                new Block("sh", null, "lab new a\n"));
    }

    /** The fenced blocks of a Markdown page, in order; a fence closes on a line of at least as many backticks. */
    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String fence = null;
        String language = null;
        String title = null;
        StringBuilder text = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (fence == null) {
                Matcher open = FENCE.matcher(line);
                if (open.matches()) {
                    fence = open.group(1);
                    language = open.group(2);
                    Matcher named = TITLE.matcher(open.group(3));
                    title = named.find() ? named.group(1) : null;
                    text.setLength(0);
                }
            } else if (line.strip().matches("`{" + fence.length() + ",}")) {
                blocks.add(new Block(language, title, text.toString()));
                fence = null;
            } else {
                text.append(line).append('\n');
            }
        }
        return blocks;
    }
}
