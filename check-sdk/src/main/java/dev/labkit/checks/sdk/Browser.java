package dev.labkit.checks.sdk;

import java.nio.file.Path;
import org.openqa.selenium.WebDriver;

/**
 * A headless browser on the app's page, for {@link Tier#BROWSER} checks (a check parameter). Checks drive it with
 * Selenium's own API ({@code By}, {@code WebElement}, {@code WebDriverWait}, {@code ExpectedConditions}). Every
 * session a check opened is closed when the check ends; when the check fails, a PNG screenshot of each page and the
 * page's console errors are kept as the check's evidence.
 */
public interface Browser {

    /**
     * A clean headless browser session (no cookies, storage, tabs nor logs of an earlier check; the runner may
     * reuse the grading's browser) showing the app's URL plus {@code path} (e.g. {@code "/"}), loaded.
     *
     * @throws org.openqa.selenium.WebDriverException when the browser cannot start or the page cannot be reached
     */
    WebDriver open(String path);

    /**
     * A browser whose sessions' microphone is Chromium's fake media device playing {@code wav} (16-bit PCM WAV)
     * once, with the permission prompt accepted and autoplay allowed without a user gesture (Chromium's switches
     * {@code --use-fake-device-for-media-stream --use-fake-ui-for-media-stream
     * --use-file-for-fake-audio-capture=<wav>%noloop --autoplay-policy=no-user-gesture-required}). Its sessions
     * are closed and kept as evidence like this browser's.
     */
    Browser withMicrophone(Path wav);
}
