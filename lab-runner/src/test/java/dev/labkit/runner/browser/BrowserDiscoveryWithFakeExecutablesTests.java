package dev.labkit.runner.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link BrowserDiscovery} finds a browser and its driver, with fake executables (shell scripts that print a
 * version, as Chrome, Chromium and chromedriver do) in a temp folder: no browser is started.
 */
class BrowserDiscoveryWithFakeExecutablesTests {

    @TempDir
    Path temp;

    private Path fake(Path file, String printed) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\necho '" + printed + "'\necho 'noise on standard error' >&2\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private BrowserDiscovery.Lookup lookUp(Map<String, String> environment, String os) {
        return new BrowserDiscovery(environment, os, temp.resolve("home")).lookUp();
    }

    @Test
    void findsChromiumOnThePathAndTheChromedriverNextToIt() throws IOException {
        Path bin = temp.resolve("bin");
        Path chromium = fake(bin.resolve("chromium"), "Chromium 150.0.7871.100 built on Debian GNU/Linux 12");
        Path driver = fake(bin.resolve("chromedriver"), "ChromeDriver 150.0.7871.100 (b5a9b587b835-refs/heads/7871)");

        BrowserDiscovery.Lookup lookup = lookUp(Map.of("PATH", bin.toString()), "Linux");

        assertThat(lookup.problem()).isEmpty();
        BrowserInstallation found = lookup.installation().orElseThrow();
        assertThat(found.browser()).isEqualTo(chromium);
        assertThat(found.driver()).isEqualTo(driver);
        assertThat(found.browserVersion()).isEqualTo("Chromium 150.0.7871.100");
        assertThat(found.driverVersion()).isEqualTo("150.0.7871.100");
        assertThat(found.describe()).isEqualTo("Chromium 150.0.7871.100 at " + chromium + ", ChromeDriver "
                + "150.0.7871.100 at " + driver);
    }

    @Test
    void prefersGoogleChromeOverChromiumOnThePath() throws IOException {
        Path bin = temp.resolve("bin");
        fake(bin.resolve("chromium"), "Chromium 150.0.1.1");
        Path chrome = fake(bin.resolve("google-chrome"), "Google Chrome 150.0.2.2");
        fake(bin.resolve("chromedriver"), "ChromeDriver 150.0.2.2");

        assertThat(lookUp(Map.of("PATH", bin.toString()), "Linux").installation().orElseThrow().browser())
                .isEqualTo(chrome);
    }

    @Test
    void theVariablesPointAtOtherExecutables() throws IOException {
        Path bin = temp.resolve("bin");
        fake(bin.resolve("chromium"), "Chromium 150.0.1.1");
        fake(bin.resolve("chromedriver"), "ChromeDriver 150.0.1.1");
        Path other = fake(temp.resolve("other/chrome"), "Google Chrome 149.0.9.9");
        Path otherDriver = fake(temp.resolve("drivers/chromedriver-149"), "ChromeDriver 149.0.9.9");

        BrowserInstallation found = lookUp(Map.of("PATH", bin.toString(),
                BrowserDiscovery.BROWSER_VARIABLE, other.toString(),
                BrowserDiscovery.DRIVER_VARIABLE, otherDriver.toString()), "Linux").installation().orElseThrow();

        assertThat(found.browser()).isEqualTo(other);
        assertThat(found.driver()).isEqualTo(otherDriver);
    }

    @Test
    void aDriverOfAnotherMajorVersionIsRefusedWithBothVersionsAndWhatToInstall() throws IOException {
        Path bin = temp.resolve("bin");
        fake(bin.resolve("chromium"), "Chromium 150.0.7871.100 built on Debian");
        fake(bin.resolve("chromedriver"), "ChromeDriver 148.0.1.5 (abc)");

        BrowserDiscovery.Lookup lookup = lookUp(Map.of("PATH", bin.toString()), "Linux");

        assertThat(lookup.installation()).isEmpty();
        assertThat(lookup.problem()).doesNotContain("\n")
                .contains("chromedriver 148.0.1.5 (" + temp.resolve("bin/chromedriver") + ")",
                        "cannot drive Chromium 150.0.7871.100 (" + temp.resolve("bin/chromium") + ")",
                        "major versions differ", "install the chromedriver of version 150", "LABKIT_CHROMEDRIVER");
    }

    @Test
    void aBrowserVariableNamingNoFileSaysSoInOneLine() {
        Path missing = temp.resolve("no-such-browser");

        BrowserDiscovery.Lookup lookup = lookUp(Map.of("PATH", "", BrowserDiscovery.BROWSER_VARIABLE,
                missing.toString()), "Linux");

        assertThat(lookup.installation()).isEmpty();
        assertThat(lookup.problem()).isEqualTo("LABKIT_BROWSER=" + missing + " is not an executable file: point it at"
                + " Chrome or Chromium, or unset it");
    }

    @Test
    void aDriverVariableNamingNoFileSaysSo() throws IOException {
        Path chromium = fake(temp.resolve("bin/chromium"), "Chromium 150.0.1.1");
        Path missing = temp.resolve("no-such-driver");

        BrowserDiscovery.Lookup lookup = lookUp(Map.of("PATH", "", BrowserDiscovery.BROWSER_VARIABLE,
                chromium.toString(), BrowserDiscovery.DRIVER_VARIABLE, missing.toString()), "Linux");

        assertThat(lookup.problem()).startsWith("LABKIT_CHROMEDRIVER=" + missing + " is not an executable file")
                .doesNotContain("\n");
    }

    @Test
    void findsChromeInTheUsersApplicationsFolderOnMacOs() throws IOException {
        Path app = temp.resolve("home/Applications/Google Chrome.app/Contents/MacOS");
        Path chrome = fake(app.resolve("Google Chrome"), "Google Chrome 150.0.7871.100");
        Path driver = fake(app.resolve("chromedriver"), "ChromeDriver 150.0.7871.100");

        BrowserInstallation found = lookUp(Map.of("PATH", ""), "Mac OS X").installation().orElseThrow();

        assertThat(found.browser()).isEqualTo(chrome);
        assertThat(found.driver()).isEqualTo(driver);
    }

    @Test
    void noBrowserAnywhereSaysWhatToInstall() {
        BrowserDiscovery.Lookup lookup = lookUp(Map.of("PATH", temp.resolve("empty").toString()), "Mac OS X");

        assertThat(lookup.installation()).isEmpty();
        assertThat(lookup.problem()).startsWith("no Chrome or Chromium found (PATH, usual places): install Chromium")
                .contains("apt-get install chromium chromium-driver", "LABKIT_BROWSER").doesNotContain("\n");
    }

    @Test
    void aBrowserThatPrintsNoVersionIsReportedBroken() throws IOException {
        Path bin = temp.resolve("bin");
        Path chromium = fake(bin.resolve("chromium"), "no version here");
        fake(bin.resolve("chromedriver"), "ChromeDriver 150.0.1.1");

        assertThat(lookUp(Map.of("PATH", bin.toString()), "Linux").problem())
                .startsWith(chromium + " --version printed no version: it may be broken");
    }
}
