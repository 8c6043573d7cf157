package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.ContainerImages;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.LabService;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.ToolsWorld;
import dev.labkit.runner.browser.BrowserLauncher;
import dev.labkit.runner.catalog.LabManifest;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.WebDriver;

/**
 * The {@link LabEnvironment} of one grading run: its app, its lab model and its lab's fixtures; why live checks
 * of Ollama's roles ({@code liveModelUnavailable}) and of the speech roles ({@code liveSpeechUnavailable}) cannot
 * run, if they cannot; the lab's services ({@code services}, by name); the Docker it runs the app's images in
 * ({@code containerImages}, scoped to each check); the run's copy of the app's folder, as built ({@code appDir}); the browser that browser checks drive
 * ({@code browser}), found or not.
 */
record GradingEnvironment(
        URI appUrl,
        ModelScript script,
        ModelTraffic traffic,
        ModelTraffic startupTraffic,
        Path fixturesDir,
        Path hiddenDir,
        AppControl app,
        ToolsWorld toolsWorld,
        Map<String, String> appEnvironment,
        Map<String, String> models,
        Optional<String> liveModelUnavailable,
        Optional<String> liveSpeechUnavailable,
        Map<String, LabService> services,
        ContainerImages containerImages,
        Path appDir,
        BrowserLauncher browser) implements LabEnvironment {

    @Override
    public Optional<String> browserUnavailable() {
        return browser.unavailable();
    }

    @Override
    public WebDriver startBrowser(Optional<Path> microphoneWav) {
        return browser.start(microphoneWav);
    }

    /** The speech roles have a speech server of their own; the others, Ollama. */
    @Override
    public Optional<String> liveModelUnavailable(String role) {
        return LabManifest.SPEECH_ROLES.contains(role) ? liveSpeechUnavailable : liveModelUnavailable;
    }
}
