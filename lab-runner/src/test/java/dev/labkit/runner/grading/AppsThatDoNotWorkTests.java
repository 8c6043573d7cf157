package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.submission.LogTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Apps that crash, hang, flood or cheat get a prompt, honest grade with the reason. */
class AppsThatDoNotWorkTests {

    private final Grader grader = new Grader(GradingListener.NONE, Clock.systemUTC());

    @Test
    void anAppThatExitsAtStartScoresZeroPromptlyWithItsLastWords() {
        GradeResult result = grader.grade(new GradeRequest(TestLabs.lab("01-chatbot"), TestLabs.app("exits-at-start")));

        assertThat(result.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(result.score()).isZero();
        assertThat(result.maxScore()).as("lab 01's 100 and the browser checks that ran")
                .isEqualTo(100 + BrowserPoints.ran(result));
        assertThat(result.reason()).isEqualTo("the app exited with code 3 before answering GET /health: see its log below");
        assertThat(result.appLog()).contains("Sprout starting", "LAB_CHAT_MODEL is not configured");
        assertThat(result.durationMs()).as("an app that exits must not wait for the start limit").isLessThan(30_000);
        assertThat(result.checks()).isNotEmpty().allSatisfy(check -> {
            assertThat(check.points()).isZero();
            assertThat(check.message()).isEqualTo("not run: the app did not start");
        });
    }

    @Test
    void anAppThatNeverOpensItsPortScoresZeroAtTheStartLimit() {
        GradeResult result = grader.grade(new GradeRequest(
                TestLabs.withStartLimit(TestLabs.lab("01-chatbot"), Duration.ofSeconds(2)),
                TestLabs.app("never-opens-port")));

        assertThat(result.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(result.score()).isZero();
        assertThat(result.reason()).startsWith("the app did not answer GET /health with 200 on port")
                .endsWith("within 2 s (does it listen on the port given in PORT?)");
        assertThat(result.appLog()).contains("listening on port 9 (ignoring PORT)");
    }

    @Test
    void anAppThatFloodsItsOutputHasItsLogCappedToABoundedTail() {
        GradeResult result = grader.grade(new GradeRequest(
                TestLabs.withStartLimit(TestLabs.lab("01-chatbot"), Duration.ofSeconds(3)),
                TestLabs.app("floods-output")));

        assertThat(result.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(result.appLog().lines().count()).isLessThanOrEqualTo(201);
        assertThat(result.appLog()).startsWith("(").contains("earlier lines not shown)", "flooding the log");
    }

    @Test
    void anAppThatFloodsWithoutANewlineHasItsEndlessLineCutCountedAndShown() {
        GradeResult result = grader.grade(new GradeRequest(
                TestLabs.withStartLimit(TestLabs.lab("01-chatbot"), Duration.ofSeconds(3)),
                TestLabs.app("floods-without-newline")));

        assertThat(result.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(result.reason()).startsWith("the app did not answer GET /health with 200");
        assertThat(result.appLog()).as("the line still being printed is the log")
                .matches("y{" + LogTail.MAX_LINE_BYTES + "}… \\(line cut: [1-9][0-9]* more bytes\\)\n");
    }

    @Test
    void anAppThatFakesAPerfectResultGetsOnlyWhatItsBehaviourEarns() {
        GradeResult result = grader.grade(new GradeRequest(TestLabs.lab("01-chatbot"), TestLabs.app("fake-results")));

        assertThat(result.status()).isEqualTo(GradeStatus.FAILED);
        assertThat(result.checks()).filteredOn(c -> c.status() == CheckStatus.PASSED)
                .extracting(CheckResult::id).contains("health");
        assertThat(result.score()).as("only /health works").isLessThanOrEqualTo(10);
        assertThat(result.maxScore()).as("lab 01's 100 and the browser checks that ran")
                .isEqualTo(100 + BrowserPoints.ran(result));
    }

    @AfterAll
    static void removeTheFakeAppsFiles() throws IOException {
        for (String dir : List.of(System.getProperty("java.io.tmpdir"), System.getProperty("user.home"))) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("labkit-fake-")).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
