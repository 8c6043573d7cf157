package dev.labkit.runner.grading;

/**
 * The verdict of one check.
 *
 * @param id the check's public id
 * @param title what it checks
 * @param tier {@code contract} or {@code live}
 * @param status how it ended
 * @param points points earned
 * @param maxPoints points it is worth (0 counted toward the maximum when skipped)
 * @param message what went wrong (empty when passed)
 * @param hint where to look when it failed (empty when passed)
 * @param durationMs how long it took
 * @param transcript the model traffic of a failed check (empty otherwise)
 * @param hidden whether message, hint and transcript are for instructors only
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
        boolean hidden) {

    static CheckResult notRun(CheckDefinition check, String reason) {
        return new CheckResult(check.id(), check.title(), check.tier().id(), CheckStatus.FAILED, 0, check.points(),
                reason, "", 0, "", check.hidden());
    }

    public boolean counts() {
        return status != CheckStatus.SKIPPED;
    }
}
