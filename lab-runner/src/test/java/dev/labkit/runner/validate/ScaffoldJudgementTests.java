package dev.labkit.runner.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What lab validate expects of a lab's scaffold: it starts, passes the lab's health check, scores little. */
class ScaffoldJudgementTests {

    private static CheckResult check(String id, CheckStatus status, int points) {
        return new CheckResult(id, id, "contract", status, points, 5, status == CheckStatus.PASSED ? "" : "no", "", 0,
                "", false);
    }

    private static GradeResult graded(List<CheckResult> checks) {
        int score = checks.stream().mapToInt(CheckResult::points).sum();
        return new GradeResult("05-production", "scaffold", score, 100, GradeStatus.FAILED, "", Instant.EPOCH, 1,
                new GradeResult.ModelInfo("embedded", Map.of(), Optional.empty()), "process", checks, "",
                new GradeResult.Timings(0, 0, 0));
    }

    /** Seen validating lab 05: its health check is prod.health, which the validator did not know as one. */
    @Test
    void aNamespacedHealthCheckIsTheLabsHealthCheck() {
        Subject.Scaffold scaffold = new Subject.Scaffold(20);

        assertThat(scaffold.judge(graded(List.of(check("prod.health", CheckStatus.PASSED, 5),
                check("prod.load", CheckStatus.FAILED, 0))))).isEmpty();
        assertThat(scaffold.judge(graded(List.of(check("prod.health", CheckStatus.FAILED, 0)))))
                .containsExactly("expected check prod.health to pass, found failed: no");
        assertThat(scaffold.judge(graded(List.of(check("prod.load", CheckStatus.PASSED, 5)))))
                .containsExactly("expected check health to pass, found no check health (or <prefix>.health) in the suite");
        assertThat(scaffold.judge(graded(List.of(check("health", CheckStatus.PASSED, 5),
                check("chat.reply", CheckStatus.PASSED, 20))))).containsExactly(
                "expected at most 20 points (scaffold-max-score), found 25/100, passing health, chat.reply");
    }
}
