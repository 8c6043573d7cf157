package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.browser.BrowserDiscovery;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.report.ConsoleReport;
import dev.labkit.runner.report.JsonReport;
import dev.labkit.runner.report.Visibility;
import dev.labkit.runner.report.html.HtmlReport;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser checks graded for real in the headless Chromium this machine has (Debian's {@code chromium} and {@code
 * chromium-driver}; .ci/run installs them and fails when these tests were skipped): {@link BrowserSampleChecks}
 * against {@code apps/echo}. A passing check earns its points; a failed one keeps its screenshots (in the request's
 * folder, named in the JSON result, embedded in the HTML report) and the page's console errors; the fake
 * microphone records. Without a browser ({@code LABKIT_BROWSER} at a missing file) they are skipped with the reason
 * and leave the maximum score.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserGradingTests {

    @TempDir
    static Path temp;

    private GradeResult result;
    private Map<String, CheckResult> checks;

    private static LabManifest sampleLab() {
        return new LabManifest("98-browser-sample", "Browser sample", 1, "", BrowserSampleChecks.class.getName(),
                Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofMinutes(5)),
                TestLabs.home().resolve("labs/98-browser-sample"));
    }

    @BeforeAll
    void gradeTheEchoAppInChromium() {
        Assumptions.assumeTrue(new BrowserDiscovery(System.getenv()).find().installation().isPresent(),
                () -> "no browser: " + new BrowserDiscovery(System.getenv()).find().problem());
        result = new Grader(GradingListener.NONE, Clock.systemUTC())
                .grade(new GradeRequest(sampleLab(), TestLabs.app("echo")).withEvidenceDir(
                        temp.resolve("screenshots")));
        checks = result.checks().stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    @Test
    void aPassingBrowserCheckEarnsItsPointsAndCountsInTheMaximum() {
        assertThat(checks.get("browser.sees-health").status()).as(checks.get("browser.sees-health").message())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(checks.get("browser.sees-health").tier()).isEqualTo("browser");
        assertThat(checks.get("browser.sees-health").browser().isEmpty()).isTrue();
        assertThat(result.score()).isEqualTo(5 + 3 + 1);
        assertThat(result.maxScore()).isEqualTo(5 + 3 + 2 + 1);
    }

    @Test
    void theFakeMicrophoneRecords() {
        assertThat(checks.get("browser.microphone").status()).as(checks.get("browser.microphone").message())
                .isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aFailedBrowserCheckKeepsAScreenshotOfEachPageAndTheConsoleErrors() throws IOException {
        CheckResult wrong = checks.get("browser.wrong");
        assertThat(wrong.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.status()).as("a browser check that ran and failed fails the grade, as a contract check does")
                .isEqualTo(GradeStatus.FAILED);
        assertThat(wrong.message()).contains("the page should be titled Sprout");
        assertThat(wrong.browser().screenshots()).containsExactly(
                temp.resolve("screenshots/browser.wrong-page-1.png").toAbsolutePath(),
                temp.resolve("screenshots/browser.wrong-page-2.png").toAbsolutePath());
        for (Path png : wrong.browser().screenshots()) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes).as(png + " is a PNG").startsWith(0x89, 'P', 'N', 'G');
        }
        assertThat(wrong.browser().consoleErrors()).first().isEqualTo("page 1:");
        assertThat(String.join("\n", wrong.browser().consoleErrors()))
                .contains("sample console error: the page broke", "page 2:", "404");
        // What the app printed while the check ran, and only that (its start-up line is not the check's).
        assertThat(wrong.appLog()).isEqualTo("echo app: serving /broken.html, a page whose script fails\n");
        assertThat(checks.get("browser.sees-health").appLog()).as("a check that passed").isEmpty();
        // Where the page's script failed, as an editor counts: line 5, column 5 (Chromium's log counts from 0).
        assertThat(wrong.browser().consoleErrors()).anySatisfy(error -> assertThat(error)
                .matches("http://127\\.0\\.0\\.1:\\d+/broken\\.html 5:5 Uncaught ReferenceError: notDefined is not defined"));
    }

    @Test
    void theJsonResultNamesTheScreenshotsAndConsoleErrorsOfBrowserChecks() throws IOException {
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(result, json);
        JsonNode root = new ObjectMapper().readTree(json.toString());
        Map<String, JsonNode> byId = new HashMap<>();
        root.path("checks").forEach(check -> byId.put(check.path("id").asText(), check));

        assertThat(byId.get("browser.wrong").path("screenshots")).extracting(JsonNode::asText).containsExactly(
                temp.resolve("screenshots/browser.wrong-page-1.png").toAbsolutePath().toString(),
                temp.resolve("screenshots/browser.wrong-page-2.png").toAbsolutePath().toString());
        assertThat(byId.get("browser.wrong").path("consoleErrors").size()).isGreaterThan(2);
        assertThat(byId.get("browser.sees-health").path("screenshots").isArray()).isTrue();
        assertThat(byId.get("browser.sees-health").path("screenshots")).isEmpty();
        assertThat(byId.get("health").has("screenshots")).as("only browser checks have the fields").isFalse();
    }

    @Test
    void theHtmlReportEmbedsTheScreenshotsAndStaysSelfContained() throws IOException {
        StringWriter html = new StringWriter();
        new HtmlReport(Visibility.LEARNER).write(result, html);
        String page = html.toString();

        assertThat(page).contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"");
        assertThat(page.split("<img src=\"data:image/png;base64,", -1)).hasSize(3);
        assertThat(page).contains("sample console error: the page broke").doesNotContain("src=\"file:")
                .doesNotContain("src=\"http");
    }

    @Test
    void theConsoleReportNamesTheScreenshots() throws IOException {
        StringWriter console = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, false).write(result, console);

        assertThat(console.toString()).contains("screenshot: " + temp.resolve("screenshots/browser.wrong-page-1.png")
                .toAbsolutePath(), "page console errors:");
    }

    @Test
    void withoutABrowserBrowserChecksAreSkippedWithTheReasonAndLeaveTheMaximum() throws IOException {
        Path missing = temp.resolve("no-such-browser");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put(BrowserDiscovery.BROWSER_VARIABLE, missing.toString());

        GradeResult without = new Grader(GradingListener.NONE, Clock.systemUTC(), environment)
                .grade(new GradeRequest(sampleLab(), TestLabs.app("echo")));

        List<CheckResult> browserChecks = without.checks().stream().filter(c -> c.tier().equals("browser")).toList();
        assertThat(browserChecks).hasSize(3).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(check.message()).isEqualTo("browser check skipped: LABKIT_BROWSER=" + missing
                    + " is not an executable file: point it at Chrome or Chromium, or unset it");
            assertThat(check.maxPoints()).isZero();
        });
        assertThat(without.score()).isEqualTo(5);
        assertThat(without.maxScore()).isEqualTo(5);
        assertThat(without.passed()).isTrue();
        StringWriter console = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, false).write(without, console);
        assertThat(console.toString()).contains("Score: 5/5. The only check passed, 3 browser checks were skipped");
    }
}
