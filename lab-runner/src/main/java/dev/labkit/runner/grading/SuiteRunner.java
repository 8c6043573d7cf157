package dev.labkit.runner.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.labkit.checks.sdk.CheckOrder;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.LabEnvironments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a lab's checker suite through the JUnit Platform Launcher against a prepared environment. */
final class SuiteRunner {

    private SuiteRunner() {}

    /**
     * Calls an action as each check starts and another as it ends (passed, failed, or cut off at its time
     * limit): the Launcher notifies listeners before it runs a test and once it has finished.
     */
    private record AroundEachCheck(Runnable before, Runnable after) implements TestExecutionListener {
        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                before.run();
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                after.run();
            }
        }
    }

    /** The verdicts, in definition order, and what each check saw ({@link CheckEvidence}) by check id. */
    record Run(List<CheckResult> results, Map<String, CheckEvidence> evidence) {}

    /**
     * Runs the suite but its {@code withheld} checks; {@code beforeEachCheck} runs before each check starts (and before its time limit
     * does), {@code afterEachCheck} once it has ended, both on the thread that runs the checks. Files the checks
     * publish go under {@code outputDir}; a check that does not pass keeps what {@code appOutput} got meanwhile.
     */
    static Run run(Class<?> suite, List<CheckDefinition> checks, List<CheckDefinition> withheld,
            LabEnvironment environment, Duration checkLimit, GradingListener listener, Runnable beforeEachCheck,
            Runnable afterEachCheck, Path outputDir, AppOutput appOutput) {
        ResultCollector collector = new ResultCollector(checks, withheld, listener, checkLimit.toSeconds() + " s",
                appOutput);
        Set<String> withheldMethods = withheld.stream().map(CheckDefinition::methodName).collect(Collectors.toSet());
        try (LabEnvironments.Registration registration = LabEnvironments.register(environment)) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(suite))
                    .filters((PostDiscoveryFilter) test -> test.getSource()
                            .filter(source -> source instanceof MethodSource method
                                    && withheldMethods.contains(method.getMethodName()))
                            .map(source -> FilterResult.excluded("withheld"))
                            .orElse(FilterResult.included("graded")))
                    .configurationParameter(LabEnvironments.CONFIGURATION_KEY, registration.id())
                    // A hanging check is cut off and reported; SEPARATE_THREAD also stops blocking I/O waits.
                    .configurationParameter("junit.jupiter.execution.timeout.testable.method.default",
                            checkLimit.toMillis() + " ms")
                    .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                    .configurationParameter("junit.jupiter.testmethod.order.default", CheckOrder.class.getName())
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                    .configurationParameter("junit.platform.output.capture.stdout", "false")
                    // Where files the checks publish (failed browser checks' screenshots) are written.
                    .configurationParameter("junit.platform.reporting.output.dir", outputDir.toString())
                    .build();
            // Only the grader's listeners: none found on the classpath (a test run's progress listener, say).
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false)
                    .build());
            // The suite's own classes (and what they look up by name, e.g. Jackson) come from its class loader.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(suite.getClassLoader());
            try {
                launcher.execute(request, collector, new AroundEachCheck(beforeEachCheck, afterEachCheck));
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return new Run(collector.results(), collector.evidence());
    }
}
