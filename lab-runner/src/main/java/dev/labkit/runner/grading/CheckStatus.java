package dev.labkit.runner.grading;

import java.util.Locale;

/** How one check ended. */
public enum CheckStatus {
    PASSED,
    /** The app did not behave as the check expects. */
    FAILED,
    /** Not run: a live check without a real model. Never lowers a score. */
    SKIPPED,
    /** The check could not run to a verdict (it crashed or timed out). Scores 0 like a failure. */
    ERROR,
    /**
     * Not run: a hidden check graded from a learner pack, which leaves out what it reads. Its points
     * stay in the maximum, so scores compare with the instructor's grading of the full lab; it does
     * not make the grade fail.
     */
    WITHHELD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
