package dev.labkit.runner.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.report.Visibility;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML reports opened in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven
 * by Selenium; given both paths, Selenium Manager never looks for or downloads a driver or browser): a class folder
 * as {@code lab grade} writes it (index.html and students' report.html from real results of lab 01) opened by
 * {@code file://} URL. Skipped, with the reason, where Chromium is not installed; .ci/run installs it and fails
 * when these tests were skipped.
 */
class HtmlReportBrowserTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path temp;

    static Path classFolder;
    static ChromeDriver browser;

    @BeforeAll
    static void openBrowserOnAClassFolder() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver");
        GradedSamples samples = GradedSamples.get();
        classFolder = temp.resolve("grades");
        report(samples.solution, "alice");
        report(samples.unknownModel, "bob");
        report(samples.scriptInLog, "carol");
        try (Writer out = Files.newBufferedWriter(classFolder.resolve("index.html"), StandardCharsets.UTF_8)) {
            new ClassIndexHtml().write("01-chatbot", List.of(
                    ClassIndexHtml.Student.graded("alice", samples.solution, "submissions/alice/report.html"),
                    ClassIndexHtml.Student.graded("bob", samples.unknownModel, "submissions/bob/report.html"),
                    ClassIndexHtml.Student.graded("carol", samples.scriptInLog, "submissions/carol/report.html"),
                    new ClassIndexHtml.Student("dave", "rejected", 0, 0, "not an archive", List.of(), "")),
                    List.of(new ClassIndexHtml.Pair("alice", "bob", 0.93, "")), out);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--user-data-dir=" + temp.resolve("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1100, 1800));
    }

    /** The class folder and a screenshot of each page opened, in target/html-reports/, for people to look at. */
    @AfterAll
    static void keepTheClassFolderForPeopleToLookAt() throws IOException {
        if (classFolder != null) {
            Path kept = Path.of("target", "html-reports");
            FileTrees.delete(kept.resolve("grades"));
            FileTrees.copy(classFolder, kept.resolve("grades"), Set.of());
        }
    }

    private static void screenshot(String name) throws IOException {
        Path file = Files.createDirectories(Path.of("target", "html-reports")).resolve(name + ".png");
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static void report(GradeResult result, String student) throws IOException {
        Path folder = Files.createDirectories(classFolder.resolve("submissions").resolve(student));
        try (Writer out = Files.newBufferedWriter(folder.resolve("report.html"), StandardCharsets.UTF_8)) {
            new HtmlReport(Visibility.LEARNER).write(result, out);
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void forgetEarlierConsoleMessages() {
        browser.manage().logs().get(LogType.BROWSER);
    }

    @Test
    void theIndexRendersItsHistogramAndStudentsAndLoadsNothing() throws IOException {
        browser.get(classFolder.resolve("index.html").toUri().toString());

        assertThat(browser.getTitle()).isEqualTo("Lab 01-chatbot: class results");
        WebElement histogram = browser.findElement(By.id("score-histogram"));
        assertThat(histogram.isDisplayed()).as("the score histogram is visible").isTrue();
        assertThat(histogram.getSize().getWidth()).as("histogram width").isGreaterThan(200);
        assertThat(histogram.getSize().getHeight()).as("histogram height").isGreaterThan(100);
        assertThat(histogram.findElements(By.tagName("rect"))).hasSize(10);
        assertThat(browser.findElement(By.id("pass-rates")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#students tr[id^=student-]")))
                .extracting(row -> row.getAttribute("id"))
                .containsExactly("student-alice", "student-bob", "student-carol");
        assertThat(browser.findElement(By.id("not-graded")).getText()).contains("dave", "not an archive");
        assertLoadedNothingAndLoggedNoError();
        screenshot("index");
    }

    @Test
    void clickingAStudentsLinkOpensTheirReportShowingTheirScore() throws IOException {
        GradeResult solution = GradedSamples.get().solution;
        browser.get(classFolder.resolve("index.html").toUri().toString());

        browser.findElement(By.cssSelector("#student-alice a")).click();

        waitFor(() -> browser.getCurrentUrl().endsWith("/submissions/alice/report.html"));
        WebElement score = browser.findElement(By.id("score"));
        assertThat(score.isDisplayed()).isTrue();
        assertThat(score.getText()).isEqualTo(solution.score() + "/" + solution.maxScore());
        assertThat(browser.findElements(By.cssSelector("article.check"))).hasSize(solution.checks().size());
        assertLoadedNothingAndLoggedNoError();
        screenshot("alice");
    }

    @Test
    void aScriptInTheAppsLogRunsNotAndIsShownAsText() throws IOException {
        browser.get(classFolder.resolve("submissions/carol/report.html").toUri().toString());

        assertThat(browser.getTitle()).startsWith("Lab 01-chatbot: 0/").doesNotContain("pwned");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.findElement(By.id("log")).getText()).contains(GradedSamples.SCRIPT);
        assertLoadedNothingAndLoggedNoError();
        screenshot("carol");
    }

    @Test
    void theContentSecurityPolicyRefusesAnythingThePageWouldLoad() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            browser.get(classFolder.resolve("submissions/bob/report.html").toUri().toString());

            // An image added to the page (as an injected tag would be) must be refused by the page's own policy.
            Object violated = ((JavascriptExecutor) browser).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    let directive = 'none';
                    document.addEventListener('securitypolicyviolation', e => directive = e.effectiveDirective);
                    const img = document.createElement('img');
                    img.onerror = () => setTimeout(() => done(directive), 0);
                    img.onload = () => done('loaded');
                    img.src = arguments[0];
                    document.body.appendChild(img);
                    """, "http://127.0.0.1:" + server.getAddress().getPort() + "/tracker.png");

            assertThat(violated).isEqualTo("img-src");
            assertThat(requests.get()).as("requests that reached the server").isZero();
        } finally {
            server.stop(0);
        }
    }

    private static long resourceEntries() {
        return (Long) ((JavascriptExecutor) browser)
                .executeScript("return performance.getEntriesByType('resource').length");
    }

    private static void assertLoadedNothingAndLoggedNoError() {
        assertThat(resourceEntries()).as("requests the page made (performance resource entries)").isZero();
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
        assertThat(errors).as("console errors and warnings (a CSP refusal would be one)").isEmpty();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 10 s; the browser is at " + browser.getCurrentUrl())
                    .isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // poll every 20 ms
        }
    }
}
