package dev.labkit.runner.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts headless sessions of the browser {@link BrowserDiscovery} found, through its own chromedriver (both paths
 * given, so Selenium Manager never runs and nothing is downloaded), each in a fresh profile that chromedriver makes
 * and deletes. A session keeps the page's console ({@code goog:loggingPrefs} browser log) for evidence and its
 * network events (performance log) for the SDK's {@code PageRequests}.
 */
public final class BrowserLauncher {

    /** The window size of every session, in CSS pixels: a laptop screen, so screenshots show a page as learners do. */
    static final Dimension WINDOW = new Dimension(1280, 900);

    static final Duration PAGE_LOAD_LIMIT = Duration.ofSeconds(30);

    // Selenium logs through java.util.logging (e.g. "Unable to find CDP implementation matching 150") on the
    // console the learner reads; a strong reference keeps the level set.
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    private final BrowserDiscovery.Lookup lookup;

    public BrowserLauncher(BrowserDiscovery.Lookup lookup) {
        this.lookup = lookup;
    }

    /** A launcher of the browser {@code environment}'s PATH and variables lead to. */
    public static BrowserLauncher discover(java.util.Map<String, String> environment) {
        return new BrowserLauncher(new BrowserDiscovery(environment).find());
    }

    /** Empty when sessions can start; else why not and what to install, in one line. */
    public Optional<String> unavailable() {
        return lookup.installation().isPresent() ? Optional.empty() : Optional.of(lookup.problem());
    }

    /** The browser and driver sessions run in, when found. */
    public Optional<BrowserInstallation> installation() {
        return lookup.installation();
    }

    /**
     * A new headless session on {@code about:blank}; the caller quits it.
     *
     * @param microphone empty, or a 16-bit PCM WAV the fake microphone plays once
     * @throws IllegalStateException when no browser was found (with the reason)
     * @throws org.openqa.selenium.WebDriverException when the browser does not start
     */
    public WebDriver start(Optional<Path> microphone) {
        BrowserInstallation browser = lookup.installation()
                .orElseThrow(() -> new IllegalStateException(lookup.problem()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.browser().toFile());
        // --no-sandbox: Chromium's sandbox does not start as root nor in most containers; the page is the
        // submission's own, whose code runs unsandboxed on this machine anyway. --no-proxy-server: the app is on
        // this machine's loopback, never behind a proxy.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-component-update",
                "--disable-default-apps", "--password-store=basic", "--no-proxy-server",
                "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight());
        microphone.ifPresent(wav -> options.addArguments("--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath()
                        + "%noloop", "--autoplay-policy=no-user-gesture-required"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL); // the console, for a failed check's evidence
        logs.enable(LogType.PERFORMANCE, Level.ALL); // the page's requests, for PageRequests
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(browser.driver().toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_LIMIT);
            return driver;
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }
}
