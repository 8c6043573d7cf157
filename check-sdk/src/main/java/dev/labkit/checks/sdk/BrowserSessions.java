package dev.labkit.checks.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The browser sessions one check opened, in order: what {@link LabExtension} screenshots and reads the console of
 * when the check fails, and quits when it ends (closed by the extension store too, should the check end otherwise).
 */
final class BrowserSessions implements AutoCloseable {

    /** One page's evidence: its screenshot (empty when it could not be taken) and its console errors. */
    record PageEvidence(Optional<byte[]> screenshot, List<String> consoleErrors) {
    }

    private final LabEnvironment environment;
    private final List<WebDriver> sessions = new ArrayList<>();

    BrowserSessions(LabEnvironment environment) {
        this.environment = environment;
    }

    /** A browser on the app for one check; its sessions are kept here. */
    Browser browser(Optional<Path> microphone) {
        return new CheckBrowser(microphone);
    }

    synchronized boolean isEmpty() {
        return sessions.isEmpty();
    }

    /**
     * A screenshot and the console errors (Chromium's browser log at level SEVERE: {@code console.error}, uncaught
     * exceptions, failed loads) of each session still open, in the order they were opened; positions
     * ({@code line:column}) count from 1 ({@link #countedFromOne}).
     */
    synchronized List<PageEvidence> evidence() {
        List<PageEvidence> pages = new ArrayList<>();
        for (WebDriver session : sessions) {
            List<String> errors = new ArrayList<>();
            Optional<byte[]> screenshot = Optional.empty();
            try {
                screenshot = Optional.of(((TakesScreenshot) session).getScreenshotAs(OutputType.BYTES));
            } catch (WebDriverException | ClassCastException e) {
                errors.add("(no screenshot: " + firstLine(e.getMessage()) + ")");
            }
            try {
                for (LogEntry entry : session.manage().logs().get(LogType.BROWSER)) {
                    // The browser asks for /favicon.ico by itself: its 404 is not the page's error.
                    if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                            && !entry.getMessage().contains("/favicon.ico ")) {
                        errors.add(countedFromOne(entry.getMessage()));
                    }
                }
            } catch (WebDriverException | UnsupportedOperationException e) {
                errors.add("(console not readable: " + firstLine(e.getMessage()) + ")");
            }
            pages.add(new PageEvidence(screenshot, errors));
        }
        return pages;
    }

    /** Quits every session; one that will not quit is left to the runner's cleanup. */
    @Override
    public synchronized void close() {
        for (WebDriver session : sessions) {
            try {
                session.quit();
            } catch (WebDriverException e) {
                // Already gone (crashed or quit by the check): nothing left to close.
            }
        }
        sessions.clear();
    }

    private synchronized void add(WebDriver session) {
        sessions.add(session);
    }

    /** A console message's {@code <source> <line>:<column> } prefix (a failed load has {@code <url> - } instead). */
    private static final Pattern POSITION = Pattern.compile("^(\\S+) (\\d+):(\\d+) ");

    /**
     * A console message with its position counted from 1, as editors and browsers' developer tools show it:
     * chromedriver writes the DevTools protocol's {@code lineNumber} and {@code columnNumber}, which count from 0
     * (an error at line 5, column 5 of a page is logged {@code http://host/page.html 4:4 Uncaught ...}).
     * Messages without a position are returned as they are.
     */
    static String countedFromOne(String message) {
        Matcher position = POSITION.matcher(message);
        if (!position.find()) {
            return message;
        }
        try {
            long line = Long.parseLong(position.group(2)) + 1;
            long column = Long.parseLong(position.group(3)) + 1;
            return position.group(1) + " " + line + ":" + column + " " + message.substring(position.end());
        } catch (NumberFormatException tooLong) {
            return message;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private final class CheckBrowser implements Browser {

        private final Optional<Path> microphone;

        CheckBrowser(Optional<Path> microphone) {
            this.microphone = microphone;
        }

        @Override
        public WebDriver open(String path) {
            WebDriver session;
            try {
                session = environment.startBrowser(microphone);
            } catch (WebDriverException e) {
                throw new IllegalStateException("the browser did not start: " + firstLine(e.getMessage()), e);
            }
            add(session);
            String url = environment.appUrl().resolve(path.startsWith("/") ? path : "/" + path).toString();
            try {
                session.get(url);
            } catch (WebDriverException e) {
                // The app's failure (it stopped, it does not answer), not the check's: a verdict.
                throw new AssertionError("the browser could not load " + url + ": " + firstLine(e.getMessage())
                        + " (is the app still running?)", e);
            }
            return session;
        }

        @Override
        public Browser withMicrophone(Path wav) {
            if (!Files.isRegularFile(wav)) {
                throw new IllegalArgumentException("no microphone recording at " + wav
                        + ": give withMicrophone a 16-bit PCM WAV file (e.g. one of the lab's fixtures)");
            }
            return new CheckBrowser(Optional.of(wav.toAbsolutePath()));
        }
    }
}
