package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.ToolsWorld;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The {@link LabEnvironment} of one grading run: its app, its lab model and its lab's fixtures. */
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
        Optional<String> liveModelUnavailable) implements LabEnvironment {}
