package dev.labkit.runner.browser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts headless sessions of the browser {@link BrowserDiscovery} found, through its own chromedriver (both paths
 * given, so Selenium Manager never runs and nothing is downloaded), each in a fresh profile that chromedriver makes
 * and deletes; one launcher serves one grading and keeps its sessions for the next check until closed. A session
 * keeps the page's console ({@code goog:loggingPrefs} browser log) for evidence and its network events (performance
 * log) for the SDK's {@code PageRequests}.
 */
public final class BrowserLauncher implements AutoCloseable {

    /** The window size of every session, in CSS pixels: a laptop screen, so screenshots show a page as learners do. */
    static final Dimension WINDOW = new Dimension(1280, 900);

    static final Duration PAGE_LOAD_LIMIT = Duration.ofSeconds(30);

    /** How long handing a session back may take (about 0.1 s); past it, the session ends instead. */
    static final Duration RESET_LIMIT = Duration.ofSeconds(10);

    // Resets run here, so that one stuck in a busy page can be given up on.
    private static final ExecutorService RESETS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "labkit-browser-reset");
        thread.setDaemon(true);
        return thread;
    });

    // Selenium logs through java.util.logging (e.g. "Unable to find CDP implementation matching 150") on the
    // console the learner reads; a strong reference keeps the level set.
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    // Sessions still open, quit when the JVM ends (Ctrl-C during a check): chromedriver and Chromium are separate
    // processes that would outlive the runner. A session leaves this set when it really ends.
    private static final Set<Session> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(BrowserLauncher::quietlyQuit),
                "labkit-browser-cleanup"));
    }

    private final BrowserDiscovery.Lookup lookup;
    // Sessions without a microphone, reset and waiting for the next check of this grading.
    private final Deque<Session> idle = new ArrayDeque<>();
    private boolean closed;
    private final AtomicInteger starts = new AtomicInteger();

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
     * A headless session on a blank tab; the caller quits it. A session without a microphone is this launcher's
     * to keep: its {@code quit()} resets it (see {@link Session#reset}) and keeps it for the next {@code start}
     * (lab 01's three browser checks share one Chromium instead of starting three: a start takes a second or two,
     * 20-30 s on a busy 2-core machine); it really ends when this launcher is closed. Sessions with a microphone
     * always end at {@code quit()}: the fake device plays its file once per browser.
     *
     * @param microphone empty, or a 16-bit PCM WAV the fake microphone plays once
     * @throws IllegalStateException when no browser was found (with the reason)
     * @throws org.openqa.selenium.WebDriverException when the browser does not start
     */
    public WebDriver start(Optional<Path> microphone) {
        if (microphone.isEmpty()) {
            synchronized (idle) {
                if (closed) {
                    throw new IllegalStateException("this grading's browser sessions are closed");
                }
                Session kept = idle.poll();
                if (kept != null) {
                    return kept;
                }
            }
        }
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
        Session driver = new Session(service, options, microphone.isEmpty());
        OPEN.add(driver);
        try {
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_LIMIT);
            return driver;
        } catch (RuntimeException e) {
            driver.end();
            throw e;
        }
    }

    /** Ends every kept session; a session quit after this ends too. */
    @Override
    public void close() {
        List<Session> ending;
        synchronized (idle) {
            closed = true;
            ending = List.copyOf(idle);
            idle.clear();
        }
        ending.forEach(BrowserLauncher::quietlyQuit);
    }

    /** How many browsers this launcher started: for tests and benchmarks of the reuse. */
    public int started() {
        return starts.get();
    }

    /** A ChromeDriver whose {@code quit()} hands a reusable session back to its launcher, clean, instead. */
    private final class Session extends ChromeDriver {

        private final boolean reusable;

        Session(ChromeDriverService service, ChromeOptions options, boolean reusable) {
            super(service, options);
            this.reusable = reusable;
            starts.incrementAndGet();
        }

        @Override
        public void quit() {
            if (!reusable) {
                end();
            } else if (!reset()) {
                kill();
            } else {
                synchronized (idle) {
                    if (!closed) {
                        idle.push(this);
                        return;
                    }
                }
                end();
            }
        }

        /**
         * Ends a browser that did not answer in time: Chromium (chromedriver's {@code goog:processID}) and its
         * processes first, since chromedriver's own quit waits about 20 s for a busy page's renderer, then the rest.
         */
        private void kill() {
            if (getCapabilities().getCapability("goog:processID") instanceof Number pid) {
                ProcessHandle.of(pid.longValue()).ifPresent(chromium -> {
                    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                    chromium.destroyForcibly();
                });
            }
            end();
        }

        void end() {
            OPEN.remove(this);
            super.quit();
        }

        /**
         * Leaves nothing of the last check: one new blank tab (fresh sessionStorage and history) with every other
         * tab closed, the cookies, cache and storage of every origin a tab was on cleared (Chrome DevTools Protocol
         * Target.getTargets, Network.clearBrowserCookies, Network.clearBrowserCache, Storage.clearDataForOrigin), and
         * the console and network logs drained. No script runs in the old pages, and the whole reset has {@link
         * #RESET_LIMIT}: a page busy in an endless loop cannot hold it. False when the session cannot be reset in
         * time (crashed, busy, a dialog open): it ends instead.
         */
        private boolean reset() {
            CompletableFuture<Void> steps = CompletableFuture.runAsync(this::resetSteps, RESETS);
            try {
                steps.get(RESET_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void resetSteps() {
            Set<String> origins = new TreeSet<>();
            Object targets = executeCdpCommand("Target.getTargets", Map.of()).get("targetInfos");
            if (targets instanceof List<?> infos) {
                for (Object info : infos) {
                    if (info instanceof Map<?, ?> target && target.get("url") instanceof String url
                            && url.startsWith("http")) {
                        URI page = URI.create(url);
                        origins.add(page.getScheme() + "://" + page.getRawAuthority());
                    }
                }
            }
            Set<String> tabs = getWindowHandles();
            switchTo().newWindow(WindowType.TAB);
            String blank = getWindowHandle();
            for (String tab : tabs) {
                switchTo().window(tab).close();
            }
            switchTo().window(blank);
            executeCdpCommand("Network.clearBrowserCookies", Map.of());
            executeCdpCommand("Network.clearBrowserCache", Map.of());
            for (String origin : origins) {
                executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
            }
            manage().logs().get(LogType.BROWSER);
            manage().logs().get(LogType.PERFORMANCE);
        }
    }

    private static void quietlyQuit(Session session) {
        try {
            session.end();
        } catch (RuntimeException e) {
            // The JVM or the grading is ending: what cannot be quit now is gone with it or left to the system.
        }
    }
}
