package dev.labkit.runner.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.PageRequests;
import dev.labkit.runner.grading.BrowserSampleChecks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.logging.LogType;

/**
 * A grading's browser checks share one Chromium (real Chromium and chromedriver, skipped where none is installed):
 * the session a check quits comes back to the next check with nothing of the last one left, neither cookies,
 * localStorage, sessionStorage, tabs, console entries nor page requests; sessions with a fake microphone are never
 * shared; closing the launcher ends the browser; a page busy in an endless loop does not hold the next check.
 */
class BrowserSessionReuseTests {

    // The page says what it found of an earlier visit, then leaves traces of its own in every store a page has.
    private static final String PAGE = """
            <!doctype html><title>memory</title><p id="found">?</p><script>
            const found = [localStorage.getItem('seen') && 'localStorage', sessionStorage.getItem('seen') &&
                'sessionStorage', document.cookie.includes('seen=') && 'cookie'].filter(Boolean);
            document.getElementById('found').textContent = found.length ? found.join(',') : 'nothing';
            localStorage.setItem('seen', '1'); sessionStorage.setItem('seen', '1');
            document.cookie = 'seen=1; max-age=3600; path=/';
            console.error('an error of the earlier page');
            fetch('/ping');
            </script>""";

    private static HttpServer server;
    private static String url;

    @BeforeAll
    static void servePage() throws IOException {
        Assumptions.assumeTrue(new BrowserDiscovery(System.getenv()).find().installation().isPresent(),
                () -> "no browser here: " + new BrowserDiscovery(System.getenv()).find().problem());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().equals("/") ? PAGE.getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aQuitSessionComesBackToTheNextCheckWithNothingOfTheLast(@TempDir Path temp) throws IOException {
        try (BrowserLauncher launcher = BrowserLauncher.discover(System.getenv())) {
            WebDriver first = launcher.start(Optional.empty());
            first.get(url);
            assertThat(found(first)).isEqualTo("nothing");
            first.get(url);
            assertThat(found(first)).as("the page itself remembers within a check")
                    .isEqualTo("localStorage,sessionStorage,cookie");
            ((JavascriptExecutor) first).executeScript("window.open(arguments[0])", url);
            first.quit();

            WebDriver next = launcher.start(Optional.empty());
            assertThat(launcher.started()).as("one browser for both").isEqualTo(1);
            assertThat(next).isSameAs(first);
            assertThat(next.getWindowHandles()).as("one blank tab").hasSize(1);
            assertThat(next.getCurrentUrl()).isEqualTo("about:blank");
            assertThat(PageRequests.of(next).all()).as("the last check's requests").isEmpty();
            assertThat(next.manage().logs().get(LogType.BROWSER).getAll()).as("the last check's console").isEmpty();
            next.get(url);
            assertThat(found(next)).isEqualTo("nothing");
            next.quit();

            Path wav = Files.write(temp.resolve("tone.wav"), BrowserSampleChecks.sineWav());
            WebDriver recording = launcher.start(Optional.of(wav));
            assertThat(recording).isNotSameAs(first);
            recording.quit();
            assertThatThrownBy(recording::getTitle).as("a session with a microphone ends at quit")
                    .isInstanceOf(WebDriverException.class);
            assertThat(launcher.start(Optional.empty())).isSameAs(first);
            assertThat(launcher.started()).isEqualTo(2);
            first.quit();

            launcher.close();
            assertThatThrownBy(first::getTitle).as("closing the launcher ends the kept browser")
                    .isInstanceOf(WebDriverException.class);
            assertThatThrownBy(() -> launcher.start(Optional.empty())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aPageBusyInAnEndlessLoopDoesNotHoldTheNextCheck() throws InterruptedException {
        try (BrowserLauncher launcher = BrowserLauncher.discover(System.getenv())) {
            WebDriver busy = launcher.start(Optional.empty());
            busy.get(url);
            // A command while the loop runs would itself wait 30 s for the renderer: start it, then let it begin.
            ((JavascriptExecutor) busy).executeScript("setTimeout(() => { for (;;) {} }, 300)");
            Thread.sleep(1000);
            // Bounded: a reset stuck in the busy page is given up on after BrowserLauncher.RESET_LIMIT.
            assertTimeoutPreemptively(BrowserLauncher.RESET_LIMIT.plusSeconds(50), busy::quit);

            WebDriver next = launcher.start(Optional.empty());
            next.get(url);
            assertThat(found(next)).as("reused or new, the next session is clean").isEqualTo("nothing");
            next.quit();
        }
    }

    private static String found(WebDriver session) {
        return session.findElement(By.id("found")).getText();
    }
}
