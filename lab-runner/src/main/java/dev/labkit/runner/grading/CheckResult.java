package dev.labkit.runner.grading;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict of one check.
 *
 * @param id the check's public id
 * @param title what it checks
 * @param tier {@code contract}, {@code live} or {@code browser}
 * @param status how it ended
 * @param points points earned
 * @param maxPoints points it is worth (0 counted toward the maximum when skipped)
 * @param message what went wrong (empty when passed)
 * @param hint where to look when it failed (empty when passed)
 * @param durationMs how long it took
 * @param transcript the model traffic of a failed check (empty otherwise)
 * @param hidden whether message, hint, transcript and metrics are for instructors only
 * @param metrics what the check measured, by name, in the order recorded (see {@code Metrics})
 * @param browser a failed browser check's screenshots and console errors ({@link BrowserEvidence#NONE} otherwise)
 * @param appLog what the app printed while a check that did not pass ran: its last lines, at most
 *     {@link #APP_LOG_LINES} (empty when it passed, printed nothing, or no app was running)
 */
public record CheckResult(
        String id,
        String title,
        String tier,
        CheckStatus status,
        int points,
        int maxPoints,
        String message,
        String hint,
        long durationMs,
        String transcript,
        boolean hidden,
        Map<String, Double> metrics,
        BrowserEvidence browser,
        String appLog) {

    /** The most lines of the app's output a check's result keeps. */
    public static final int APP_LOG_LINES = 40;

    public CheckResult {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        browser = browser == null ? BrowserEvidence.NONE : browser;
        appLog = appLog == null ? "" : appLog;
    }

    /** A result with this browser evidence and nothing of the app's output. */
    public CheckResult(String id, String title, String tier, CheckStatus status, int points, int maxPoints,
            String message, String hint, long durationMs, String transcript, boolean hidden,
            Map<String, Double> metrics, BrowserEvidence browser) {
        this(id, title, tier, status, points, maxPoints, message, hint, durationMs, transcript, hidden, metrics,
                browser, "");
    }

    /** A result with these metrics and no browser evidence. */
    public CheckResult(String id, String title, String tier, CheckStatus status, int points, int maxPoints,
            String message, String hint, long durationMs, String transcript, boolean hidden,
            Map<String, Double> metrics) {
        this(id, title, tier, status, points, maxPoints, message, hint, durationMs, transcript, hidden, metrics,
                BrowserEvidence.NONE);
    }

    /** A result that measured nothing. */
    public CheckResult(String id, String title, String tier, CheckStatus status, int points, int maxPoints,
            String message, String hint, long durationMs, String transcript, boolean hidden) {
        this(id, title, tier, status, points, maxPoints, message, hint, durationMs, transcript, hidden, Map.of());
    }

    /** The same verdict with these metrics instead. */
    public CheckResult withMetrics(Map<String, Double> measured) {
        return new CheckResult(id, title, tier, status, points, maxPoints, message, hint, durationMs, transcript,
                hidden, measured, browser, appLog);
    }

    /** The same verdict with this browser evidence instead. */
    public CheckResult withBrowser(BrowserEvidence evidence) {
        return new CheckResult(id, title, tier, status, points, maxPoints, message, hint, durationMs, transcript,
                hidden, metrics, evidence, appLog);
    }

    /** The same verdict with this part of the app's output instead. */
    public CheckResult withAppLog(String printed) {
        return new CheckResult(id, title, tier, status, points, maxPoints, message, hint, durationMs, transcript,
                hidden, metrics, browser, printed);
    }

    /** The same verdict with another hint. */
    public CheckResult withHint(String other) {
        return new CheckResult(id, title, tier, status, points, maxPoints, message, other, durationMs, transcript,
                hidden, metrics, browser, appLog);
    }

    static CheckResult notRun(CheckDefinition check, String reason) {
        return new CheckResult(check.id(), check.title(), check.tier().id(), CheckStatus.FAILED, 0, check.points(),
                reason, "", 0, "", check.hidden());
    }

    public boolean counts() {
        return status != CheckStatus.SKIPPED;
    }
}
