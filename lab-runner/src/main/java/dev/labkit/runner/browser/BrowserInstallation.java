package dev.labkit.runner.browser;

import java.nio.file.Path;

/**
 * A browser and the chromedriver that drives it, as found on this machine, with the versions they print.
 *
 * @param browser the Chrome or Chromium executable
 * @param browserVersion what {@code <browser> --version} printed, e.g. {@code Chromium 150.0.7871.100}
 * @param driver the chromedriver executable
 * @param driverVersion its version, e.g. {@code 150.0.7871.100}
 */
public record BrowserInstallation(Path browser, String browserVersion, Path driver, String driverVersion) {

    /** One line for {@code lab doctor} and logs: versions and paths. */
    public String describe() {
        return browserVersion + " at " + browser + ", ChromeDriver " + driverVersion + " at " + driver;
    }
}
