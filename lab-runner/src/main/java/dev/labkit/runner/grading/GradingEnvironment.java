package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.ToolsWorld;
import dev.labkit.runner.catalog.LabManifest;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link LabEnvironment} of one grading run: its app, its lab model and its lab's fixtures; why live checks
 * of Ollama's roles ({@code liveModelUnavailable}) and of the speech roles ({@code liveSpeechUnavailable}) cannot
 * run, if they cannot; the run's copy of the app folder, as built ({@code appDir}).
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
        Path appDir) implements LabEnvironment {

    /** The speech roles have a speech server of their own; the others, Ollama. */
    @Override
    public Optional<String> liveModelUnavailable(String role) {
        return LabManifest.SPEECH_ROLES.contains(role) ? liveSpeechUnavailable : liveModelUnavailable;
    }
}
