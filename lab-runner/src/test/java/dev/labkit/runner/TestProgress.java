package dev.labkit.runner;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Progress for the long test suites (LabSolutionsTests validates every lab: 66 apps, one Maven build each):
 * a line for every test that took {@value #SLOW_SECONDS} s or more, with the time since the run
 * began, so that `mvn verify` never sits silent for minutes. Registered for the lab-runner tests
 * through META-INF/services; Surefire shows a forked JVM's stdout as it comes.
 */
public final class TestProgress implements TestExecutionListener {

    static final int SLOW_SECONDS = 2;

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private volatile long runStarted;
    private volatile TestPlan plan;
    private int slow;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        runStarted = System.nanoTime();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Long at = started.remove(test.getUniqueId());
        if (at == null) {
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - at);
        if (took.toSeconds() < SLOW_SECONDS) {
            return;
        }
        synchronized (this) {
            slow++;
            System.out.println(line(test, result, took));
            System.out.flush();
        }
    }

    private String line(TestIdentifier test, TestExecutionResult result, Duration took) {
        long elapsed = Duration.ofNanos(System.nanoTime() - runStarted).toSeconds();
        return String.format(Locale.ROOT, "[tests %02d:%02d] %s: %s in %.1f s (slow test %d)", elapsed / 60,
                elapsed % 60, path(test), result.getStatus().name().toLowerCase(Locale.ROOT),
                took.toMillis() / 1000.0, slow);
    }

    /** {@code LabSolutionsTests > liveChecksRunWhenARealModelIsBehindTheLabModel()}. */
    private String path(TestIdentifier test) {
        StringBuilder path = new StringBuilder(test.getDisplayName());
        TestPlan current = plan;
        for (TestIdentifier parent = current == null ? null : current.getParent(test).orElse(null);
                parent != null && parent.getParentId().isPresent();
                parent = current.getParent(parent).orElse(null)) {
            path.insert(0, parent.getDisplayName() + " > ");
        }
        return path.toString();
    }
}
