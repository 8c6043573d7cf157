package dev.labkit.checks.sdk;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Connects a {@link LabChecks} suite to the grader: resolves check parameters, clears the lab
 * model's script and recorder (and brings it back up) and starts any lab service that is down before each check, skips a live check when no real model serves one
 * of its roles ({@link Check#models()}), and publishes the model transcript of a failed check as the report entry
 * {@value #TRANSCRIPT_KEY} and every check's evidence (what the app answered, what it asked the
 * model; see {@link AppTraffic#toJson}) as {@value #EVIDENCE_KEY}. A browser check ({@link Tier#BROWSER}) is skipped
 * when {@link LabEnvironment#browserUnavailable()} gives a reason; the {@link Browser} sessions it opened are closed
 * when it ends and, when it failed, their screenshots and console errors published first.
 */
public final class LabExtension
        implements ParameterResolver, BeforeEachCallback, AfterTestExecutionCallback, ExecutionCondition {

    /** Report entry key under which a failed check's model transcript is published. */
    public static final String TRANSCRIPT_KEY = "labkit.transcript";

    /** Report entry key under which each check's evidence is published, as JSON. */
    public static final String EVIDENCE_KEY = "labkit.evidence";

    /**
     * Report entry key under which a failed browser check publishes the console errors of the pages it opened, one
     * per line, each page's introduced by {@code page N:} (N from 1, the order the check opened them). Its
     * screenshots are published as files ({@code ExtensionContext.publishFile}) named {@code browser-page-N.png}.
     */
    public static final String BROWSER_CONSOLE_KEY = "labkit.browser.console";

    /** Prefix of the names of the PNG files a failed browser check publishes, one per page: {@code browser-page-N.png}. */
    public static final String SCREENSHOT_PREFIX = "browser-page-";

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LabExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Check> check = context.getTestMethod().map(m -> m.getAnnotation(Check.class));
        if (check.isPresent() && check.get().tier() == Tier.BROWSER) {
            return environment(context).browserUnavailable()
                    .map(reason -> ConditionEvaluationResult.disabled("browser check skipped: " + reason))
                    .orElseGet(() -> ConditionEvaluationResult.enabled("a browser is available"));
        }
        if (check.isEmpty() || check.get().tier() != Tier.LIVE) {
            return ConditionEvaluationResult.enabled("not a live check");
        }
        LabEnvironment environment = environment(context);
        // A check that names its roles waits for each of them; one that names none, for Ollama.
        Optional<String> unavailable = check.get().models().length == 0 ? environment.liveModelUnavailable()
                : Arrays.stream(check.get().models()).map(environment::liveModelUnavailable)
                        .flatMap(Optional::stream).findFirst();
        return unavailable
                .map(reason -> ConditionEvaluationResult.disabled("live check skipped: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("a real model is available"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LabEnvironment environment = environment(context);
        Method method = context.getRequiredTestMethod();
        if (method.getAnnotation(Check.class) == null) {
            throw new ExtensionConfigurationException(method.getName()
                    + " in a @LabChecks suite must be annotated @Check(id, title, points)");
        }
        environment.script().clear();
        environment.traffic().reset();
        environment.toolsWorld().clear();
        // A service the previous check took down (and did not bring back) is up again for this one.
        environment.services().values().forEach(LabService::start);
        context.getStore(STORE).put(AppTraffic.class, new AppTraffic());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        ModelTraffic model = environment(context).traffic();
        if (context.getExecutionException().isPresent()) {
            context.publishReportEntry(TRANSCRIPT_KEY, model.transcript());
        }
        context.publishReportEntry(EVIDENCE_KEY, appTraffic(context).toJson(model));
        BrowserSessions browsers = context.getStore(STORE).get(BrowserSessions.class, BrowserSessions.class);
        if (browsers != null) {
            try {
                if (context.getExecutionException().isPresent() && !browsers.isEmpty()) {
                    publishBrowserEvidence(context, browsers.evidence());
                }
            } finally {
                browsers.close();
            }
        }
    }

    private static void publishBrowserEvidence(ExtensionContext context, List<BrowserSessions.PageEvidence> pages) {
        StringBuilder console = new StringBuilder();
        for (int i = 0; i < pages.size(); i++) {
            BrowserSessions.PageEvidence page = pages.get(i);
            int number = i + 1;
            page.screenshot().ifPresent(png -> context.publishFile(SCREENSHOT_PREFIX + number + ".png",
                    org.junit.jupiter.api.MediaType.IMAGE_PNG, file -> Files.write(file, png)));
            if (!page.consoleErrors().isEmpty()) {
                console.append("page ").append(number).append(":\n");
                page.consoleErrors().forEach(line -> console.append(line).append('\n'));
            }
        }
        if (console.length() > 0) {
            context.publishReportEntry(BROWSER_CONSOLE_KEY, console.toString().strip());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AppClient.class
                || type == ModelScript.class
                || type == ModelTraffic.class
                || type == Fixtures.class
                || type == AppControl.class
                || type == Metrics.class
                || type == ToolsWorld.class
                || type == Browser.class
                || type == LabEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LabEnvironment environment = environment(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == AppClient.class) {
            return new AppClient(environment.appUrl(), appTraffic(context));
        } else if (type == ModelScript.class) {
            return environment.script();
        } else if (type == ModelTraffic.class) {
            return environment.traffic();
        } else if (type == Fixtures.class) {
            return new Fixtures(environment.fixturesDir());
        } else if (type == AppControl.class) {
            return environment.app();
        } else if (type == ToolsWorld.class) {
            return environment.toolsWorld();
        } else if (type == Metrics.class) {
            return new Metrics(context::publishReportEntry);
        } else if (type == Browser.class) {
            return browserSessions(context, environment).browser(Optional.empty());
        }
        return environment;
    }

    private static BrowserSessions browserSessions(ExtensionContext context, LabEnvironment environment) {
        return context.getStore(STORE).getOrComputeIfAbsent(BrowserSessions.class,
                type -> new BrowserSessions(environment), BrowserSessions.class);
    }

    private static AppTraffic appTraffic(ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent(AppTraffic.class, type -> new AppTraffic(),
                AppTraffic.class);
    }

    private static LabEnvironment environment(ExtensionContext context) {
        String id = context.getConfigurationParameter(LabEnvironments.CONFIGURATION_KEY)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "lab checks run inside the grader: use `./lab check <dir>`, not a plain test run"));
        return LabEnvironments.lookup(id)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "no lab environment registered under id " + id));
    }
}
