package dev.labkit.runner.report;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import java.util.Map;

/** Who reads a report: learners do not see the details of hidden checks; instructors do. */
public enum Visibility {
    LEARNER,
    INSTRUCTOR;

    static final String HIDDEN_NOTE = "(hidden check: details are shown to instructors only)";

    /**
     * The result as this reader may see it: for learners, a hidden check that did not pass has its message
     * replaced by a note and its hint, transcript and metrics left out; a hidden check that passed loses its metrics.
     */
    public CheckResult apply(CheckResult check) {
        if (this == INSTRUCTOR || !check.hidden()) {
            return check;
        }
        if (check.status() == CheckStatus.PASSED || check.status() == CheckStatus.WITHHELD) {
            return check.withMetrics(Map.of()); // what it measured would describe its hidden data
        }
        return new CheckResult(check.id(), check.title(), check.tier(), check.status(), check.points(),
                check.maxPoints(), check.message().isEmpty() ? "" : HIDDEN_NOTE, "", check.durationMs(), "", true);
    }
}
