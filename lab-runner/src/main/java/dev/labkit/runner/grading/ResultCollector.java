package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.LabExtension;
import dev.labkit.checks.sdk.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Listens to the JUnit Platform while a suite runs and turns each check's events into a {@link
 * CheckResult}. A check the platform never reached (its suite failed to start) is reported as an
 * error with the suite's failure.
 */
final class ResultCollector implements TestExecutionListener {

    static final int MAX_MESSAGE_LENGTH = 4_000;

    private final Map<String, CheckDefinition> byMethod = new LinkedHashMap<>();
    private final Map<String, CheckResult> results = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<String, String> transcripts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> metrics = new ConcurrentHashMap<>();
    private final Map<String, CheckEvidence> evidence = new ConcurrentHashMap<>();
    private final Map<String, List<Path>> screenshots = new ConcurrentHashMap<>();
    private final Map<String, List<String>> consoleErrors = new ConcurrentHashMap<>();
    private final GradingListener listener;
    private final String checkLimit;
    private volatile String suiteFailure = "";
    private final AppOutput appOutput;
    private final Map<String, Long> appOutputMarks = new ConcurrentHashMap<>();

    /** A collector for {@code checks}, of which {@code withheld} are not run ({@link CheckStatus#WITHHELD}). */
    ResultCollector(List<CheckDefinition> checks, List<CheckDefinition> withheld, GradingListener listener,
            String checkLimit, AppOutput appOutput) {
        this.appOutput = appOutput;
        checks.forEach(check -> byMethod.put(check.methodName(), check));
        this.listener = listener;
        this.checkLimit = checkLimit;
        withheld.forEach(check -> results.put(check.id(), new CheckResult(check.id(), check.title(),
                check.tier().id(), CheckStatus.WITHHELD, 0, check.points(), WITHHELD_NOTE, "", 0, "", true)));
    }

    static final String WITHHELD_NOTE = "hidden check, withheld: a learner pack leaves out what it reads; "
            + "your instructor grades it with the full lab (its points stay in the total)";

    @Override
    public void executionStarted(TestIdentifier test) {
        definition(test).ifPresent(check -> {
            startedAt.put(check.id(), System.nanoTime());
            appOutputMarks.put(check.id(), appOutput.mark());
        });
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        definition(test).ifPresent(check -> entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.equals(LabExtension.TRANSCRIPT_KEY)) {
                transcripts.put(check.id(), value);
            } else if (key.equals(LabExtension.EVIDENCE_KEY)) {
                evidence.put(check.id(), CheckEvidence.parse(value));
            } else if (key.equals(LabExtension.BROWSER_CONSOLE_KEY)) {
                consoleErrors.put(check.id(), value.lines().toList());
            } else if (key.startsWith(Metrics.KEY_PREFIX)) {
                metrics.computeIfAbsent(check.id(), id -> Collections.synchronizedMap(new LinkedHashMap<>()))
                        .put(key.substring(Metrics.KEY_PREFIX.length()), Double.valueOf(value));
            }
        }));
    }

    /** A failed browser check's screenshots, as the SDK publishes them (files in the launcher's output folder). */
    @Override
    public void fileEntryPublished(TestIdentifier test, FileEntry file) {
        if (file.getPath().getFileName().toString().startsWith(LabExtension.SCREENSHOT_PREFIX)) {
            definition(test).ifPresent(check -> screenshots
                    .computeIfAbsent(check.id(), id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(file.getPath()));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        definition(test).ifPresent(check -> record(new CheckResult(check.id(), check.title(), check.tier().id(),
                CheckStatus.SKIPPED, 0, 0, reason, "", 0, "", check.hidden())));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<CheckDefinition> definition = definition(test);
        if (definition.isEmpty()) {
            if (test.isContainer() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                suiteFailure = result.getThrowable().map(ResultCollector::describe).orElse("the suite failed");
            }
            return;
        }
        CheckDefinition check = definition.get();
        long duration = (System.nanoTime() - startedAt.getOrDefault(check.id(), System.nanoTime())) / 1_000_000;
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            record(new CheckResult(check.id(), check.title(), check.tier().id(), CheckStatus.PASSED,
                    check.points(), check.points(), "", "", duration, "", check.hidden()));
            return;
        }
        Throwable failure = result.getThrowable().orElse(new AssertionError("failed"));
        boolean verdict = failure instanceof AssertionError || failure instanceof TimeoutException;
        String message = failure instanceof TimeoutException
                ? "the check did not finish within " + checkLimit + " (limits.check): the app may be hanging"
                : describe(failure);
        record(new CheckResult(check.id(), check.title(), check.tier().id(),
                verdict ? CheckStatus.FAILED : CheckStatus.ERROR, 0, check.points(), cap(message), check.hint(),
                duration, transcripts.getOrDefault(check.id(), ""), check.hidden())
                .withAppLog(appOutput.since(appOutputMarks.getOrDefault(check.id(), appOutput.mark()),
                        CheckResult.APP_LOG_LINES)));
    }

    private void record(CheckResult verdict) {
        CheckResult result = verdict.withMetrics(metrics.getOrDefault(verdict.id(), Map.of()))
                .withBrowser(new BrowserEvidence(screenshots.getOrDefault(verdict.id(), List.of()),
                        consoleErrors.getOrDefault(verdict.id(), List.of())));
        results.put(result.id(), result);
        listener.checkFinished(result, results.size(), byMethod.size());
    }

    /** One result per check, in definition order; checks never reached are errors. */
    List<CheckResult> results() {
        List<CheckResult> ordered = new ArrayList<>();
        for (CheckDefinition check : byMethod.values()) {
            CheckResult result = results.get(check.id());
            ordered.add(result != null ? result : new CheckResult(check.id(), check.title(), check.tier().id(),
                    CheckStatus.ERROR, 0, check.points(),
                    cap("not run: " + (suiteFailure.isEmpty() ? "the suite stopped early" : suiteFailure)), "", 0,
                    "", check.hidden()));
        }
        return ordered;
    }

    /** What each check saw, by check id; a check that published none is missing. */
    Map<String, CheckEvidence> evidence() {
        return Map.copyOf(evidence);
    }

    private Optional<CheckDefinition> definition(TestIdentifier test) {
        return test.getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> byMethod.get(((MethodSource) source).getMethodName()));
    }

    private static String describe(Throwable failure) {
        if (failure instanceof AssertionError && failure.getMessage() != null) {
            return failure.getMessage().strip();
        }
        String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
        if (failure.getClass().getName().startsWith("org.openqa.selenium.")) {
            // Selenium adds build, system, driver and capability lines: the first line says what happened.
            message = message.lines().findFirst().orElse("");
        }
        return "the check crashed (" + failure.getClass().getSimpleName() + message + ")";
    }

    private static String cap(String text) {
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "… (cut)";
    }
}
