package dev.labkit.runner.cli;

import dev.labkit.runner.grading.GradeResult;

/** The {@code lab} command's exit codes (public: CI scripts rely on them). */
public enum ExitCode {
    /** Done; for {@code lab check}: every contract check passed. */
    OK(0),
    /** Graded with failures (a build or start failure is a graded result, score 0). */
    CHECKS_FAILED(1),
    /** Could not grade: usage error, unknown lab, unwritable report, runner fault. */
    COULD_NOT_GRADE(2);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static ExitCode of(GradeResult result) {
        return result.passed() ? OK : CHECKS_FAILED;
    }
}
