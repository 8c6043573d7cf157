package dev.labkit.runner.validate;

import dev.labkit.runner.grading.GradeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one grading of a validation went.
 *
 * @param lab the lab's id
 * @param subject what was graded and what it had to show
 * @param result the grading's result; empty when it could not be graded (a variant whose edit does not apply)
 * @param problems each expectation it did not meet, one line each; empty when it behaved as expected
 * @param details its JSON result ({@code <out>/<lab>/<subject>.json}); empty when none was written
 * @param duration how long it took
 */
public record GradingOutcome(String lab, Subject subject, Optional<GradeResult> result, List<Problem> problems,
        Optional<Path> details, Duration duration) {

    public GradingOutcome {
        problems = List.copyOf(problems);
    }

    /** True when it behaved as expected. */
    public boolean asExpected() {
        return problems.isEmpty();
    }
}
