package dev.labkit.runner.browser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Chrome or Chromium this machine has and its chromedriver; never downloads either.
 *
 * <p>The browser: {@value #BROWSER_VARIABLE} when set, else the first of {@code google-chrome},
 * {@code google-chrome-stable}, {@code chromium}, {@code chromium-browser}, {@code chrome} on the PATH, else the usual
 * install places of Linux and macOS. Its driver: {@value #DRIVER_VARIABLE} when set, else {@code chromedriver} on the
 * PATH, next to the browser, or Debian's {@code /usr/bin/chromedriver}. Both must print a version ({@code
 * --version}, within {@link #VERSION_LIMIT_SECONDS} s) and their major versions must match, as chromedriver requires.
 */
public final class BrowserDiscovery {

    /** Points at a Chrome or Chromium executable to use instead of the one found. */
    public static final String BROWSER_VARIABLE = "LABKIT_BROWSER";

    /** Points at a chromedriver executable to use instead of the one found. */
    public static final String DRIVER_VARIABLE = "LABKIT_CHROMEDRIVER";

    /** What to install, for messages (Debian and Ubuntu's packages; Chrome elsewhere). */
    public static final String INSTALL_HINT = "install Chromium and its driver (apt-get install chromium "
            + "chromium-driver), or Chrome and the chromedriver of its version, or point " + BROWSER_VARIABLE
            + " and " + DRIVER_VARIABLE + " at them";

    static final long VERSION_LIMIT_SECONDS = 15;

    private static final List<String> BROWSER_NAMES =
            List.of("google-chrome", "google-chrome-stable", "chromium", "chromium-browser", "chrome");

    private static final List<String> LINUX_PLACES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/opt/google/chrome/chrome",
            "/snap/bin/chromium");

    private static final List<String> MAC_PLACES = List.of(
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing");

    private static final List<String> DRIVER_PLACES = List.of("/usr/bin/chromedriver",
            "/usr/lib/chromium/chromedriver", "/usr/local/bin/chromedriver", "/opt/homebrew/bin/chromedriver");

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.\\d+(?:\\.\\d+)*");

    private static final Map<List<String>, Lookup> FOUND = new ConcurrentHashMap<>();

    /**
     * What was found: an installation, or why there is none and what to install (one line).
     *
     * @param installation the browser and driver, when both were found and their versions match
     * @param problem empty when found; else the one-line reason
     */
    public record Lookup(Optional<BrowserInstallation> installation, String problem) {

        public static Lookup found(BrowserInstallation installation) {
            return new Lookup(Optional.of(installation), "");
        }

        public static Lookup missing(String problem) {
            return new Lookup(Optional.empty(), problem);
        }
    }

    private final Map<String, String> environment;
    private final String osName;
    private final Path home;

    /** With {@code environment} for PATH and the two variables, on this machine's OS. */
    public BrowserDiscovery(Map<String, String> environment) {
        this(environment, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home", "/")));
    }

    /** With an OS name ({@code os.name}) and home folder, for the macOS places. */
    BrowserDiscovery(Map<String, String> environment, String osName, Path home) {
        this.environment = Map.copyOf(environment);
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.home = home;
    }

    /** The lookup, done once per JVM for the same PATH and variables (a class graded one by one asks it often). */
    public Lookup find() {
        List<String> key = List.of(osName, environment.getOrDefault(BROWSER_VARIABLE, ""),
                environment.getOrDefault(DRIVER_VARIABLE, ""), environment.getOrDefault("PATH", ""));
        return FOUND.computeIfAbsent(key, k -> lookUp());
    }

    /** The lookup itself, not remembered. */
    Lookup lookUp() {
        Optional<Path> browser = browser();
        if (browser.isEmpty()) {
            String given = environment.get(BROWSER_VARIABLE);
            return Lookup.missing(given != null && !given.isBlank()
                    ? BROWSER_VARIABLE + "=" + given + " is not an executable file: point it at Chrome or Chromium,"
                            + " or unset it"
                    : "no Chrome or Chromium found (PATH, usual places): " + INSTALL_HINT);
        }
        Optional<Path> driver = driver(browser.get());
        if (driver.isEmpty()) {
            String given = environment.get(DRIVER_VARIABLE);
            return Lookup.missing(given != null && !given.isBlank()
                    ? DRIVER_VARIABLE + "=" + given + " is not an executable file: point it at the chromedriver of "
                            + browser.get() + "'s version, or unset it"
                    : "no chromedriver for " + browser.get() + " (PATH, next to it, /usr/bin): install the "
                            + "chromedriver of its version (apt-get install chromium-driver), or set "
                            + DRIVER_VARIABLE);
        }
        Optional<String> browserVersion = version(browser.get());
        if (browserVersion.isEmpty()) {
            return Lookup.missing(browser.get() + " --version printed no version: it may be broken; "
                    + INSTALL_HINT);
        }
        Optional<String> driverVersion = version(driver.get());
        if (driverVersion.isEmpty()) {
            return Lookup.missing(driver.get() + " --version printed no version: it may be broken; " + INSTALL_HINT);
        }
        String browserMajor = major(browserVersion.get());
        String driverMajor = major(driverVersion.get());
        if (!browserMajor.equals(driverMajor)) {
            return Lookup.missing("chromedriver " + number(driverVersion.get()) + " (" + driver.get() + ") cannot drive "
                    + upToNumber(browserVersion.get()) + " (" + browser.get() + "): their major versions differ; install the "
                    + "chromedriver of version " + browserMajor + ", or point " + DRIVER_VARIABLE + " at it");
        }
        return Lookup.found(new BrowserInstallation(browser.get(), upToNumber(browserVersion.get()), driver.get(),
                number(driverVersion.get())));
    }

    private Optional<Path> browser() {
        String given = environment.get(BROWSER_VARIABLE);
        if (given != null && !given.isBlank()) {
            return executable(Path.of(given));
        }
        for (String name : BROWSER_NAMES) {
            Optional<Path> found = onPath(name);
            if (found.isPresent()) {
                return found;
            }
        }
        List<Path> places = new ArrayList<>();
        if (osName.contains("mac")) {
            MAC_PLACES.forEach(place -> places.add(Path.of(place)));
            MAC_PLACES.forEach(place -> places.add(home.resolve(place.substring(1))));
        } else {
            LINUX_PLACES.forEach(place -> places.add(Path.of(place)));
        }
        return places.stream().map(BrowserDiscovery::executable).flatMap(Optional::stream).findFirst();
    }

    private Optional<Path> driver(Path browser) {
        String given = environment.get(DRIVER_VARIABLE);
        if (given != null && !given.isBlank()) {
            return executable(Path.of(given));
        }
        Set<Path> places = new LinkedHashSet<>();
        onPath("chromedriver").ifPresent(places::add);
        Path folder = browser.toAbsolutePath().getParent();
        if (folder != null) {
            places.add(folder.resolve("chromedriver"));
        }
        DRIVER_PLACES.forEach(place -> places.add(Path.of(place)));
        return places.stream().map(BrowserDiscovery::executable).flatMap(Optional::stream).findFirst();
    }

    private Optional<Path> onPath(String name) {
        String path = environment.getOrDefault("PATH", "");
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (!folder.isBlank()) {
                Optional<Path> found = executable(Path.of(folder, name));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * The first line of {@code <executable> --version} that holds a version number, trimmed (standard output only:
     * Debian's chromium wrapper writes noise on standard error); empty when none came within the limit.
     */
    static Optional<String> version(Path executable) {
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "--version")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            if (!process.waitFor(VERSION_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            return printed.lines().map(String::strip).filter(line -> VERSION.matcher(line).find()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code 150} of {@code Chromium 150.0.7871.100 built on Debian}. */
    static String major(String version) {
        Matcher matcher = VERSION.matcher(version);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** {@code Chromium 150.0.7871.100} of {@code Chromium 150.0.7871.100 built on Debian GNU/Linux 12}. */
    static String upToNumber(String version) {
        Matcher matcher = VERSION.matcher(version);
        return matcher.find() ? version.substring(0, matcher.end()) : version;
    }

    /** {@code 150.0.7871.100} of {@code ChromeDriver 150.0.7871.100 (b5a9...)}. */
    static String number(String version) {
        Matcher matcher = VERSION.matcher(version);
        return matcher.find() ? matcher.group() : version;
    }
}
