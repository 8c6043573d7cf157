package dev.labkit.runner.grading;

import java.util.Locale;

/** How a whole grading run ended. */
public enum GradeStatus {
    /** Every contract check passed. */
    PASSED,
    /** Graded; at least one contract check did not pass. */
    FAILED,
    /** The submission did not build: graded as 0. */
    BUILD_FAILED,
    /** The app did not start or never became healthy: graded as 0. */
    START_FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
