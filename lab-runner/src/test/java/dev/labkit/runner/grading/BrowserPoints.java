package dev.labkit.runner.grading;

/**
 * The points of a grading's browser checks that ran: they count where a browser was found and are skipped (out of
 * the maximum) where none was, so a full-marks total is the lab's other points plus these.
 */
public final class BrowserPoints {

    private BrowserPoints() {}

    /** The maximum points of the browser checks of {@code result} that were not skipped. */
    public static int ran(GradeResult result) {
        return result.checks().stream().filter(c -> c.tier().equals("browser") && c.counts())
                .mapToInt(CheckResult::maxPoints).sum();
    }
}
