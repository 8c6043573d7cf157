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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What lab validate expects of a broken variant whose {@code fails} lists browser checks: where a browser ran them,
 * they must fail; where none was found (skipped), they are left out, as their points are.
 */
class VariantJudgementTests {

    private static final Subject.Variant PAGE_NEVER_SENDS = new Subject.Variant(new BrokenVariant("01-chatbot",
            "page-never-sends", "the page never sends", Set.of("browser.chat", "browser.session"), Set.of(),
            List.of()));

    private static CheckResult check(String id, String tier, CheckStatus status) {
        return new CheckResult(id, id, tier, status, status == CheckStatus.PASSED ? 5 : 0,
                status == CheckStatus.SKIPPED ? 0 : 5, status == CheckStatus.PASSED ? "" : "no", "", 0, "", false);
    }

    private static GradeResult graded(CheckResult... checks) {
        return new GradeResult("01-chatbot", "variant", 0, 100, GradeStatus.FAILED, "", Instant.EPOCH, 1,
                new GradeResult.ModelInfo("embedded", Map.of(), Optional.empty()), "process", List.of(checks), "",
                new GradeResult.Timings(0, 0, 0));
    }

    @Test
    void browserChecksThatRanMustFailAsListed() {
        assertThat(PAGE_NEVER_SENDS.judge(graded(check("chat.web-ui", "contract", CheckStatus.PASSED),
                check("browser.chat", "browser", CheckStatus.FAILED),
                check("browser.session", "browser", CheckStatus.ERROR)))).isEmpty();
        assertThat(PAGE_NEVER_SENDS.judge(graded(check("chat.web-ui", "contract", CheckStatus.PASSED),
                check("browser.chat", "browser", CheckStatus.FAILED),
                check("browser.session", "browser", CheckStatus.PASSED)))).containsExactly(
                "expected to fail [browser.chat, browser.session], found [browser.chat]; did not fail: browser.session");
    }

    @Test
    void skippedBrowserChecksAreLeftOutOfTheComparison() {
        assertThat(PAGE_NEVER_SENDS.judge(graded(check("chat.web-ui", "contract", CheckStatus.PASSED),
                check("browser.chat", "browser", CheckStatus.SKIPPED),
                check("browser.session", "browser", CheckStatus.SKIPPED)))).isEmpty();
        assertThat(PAGE_NEVER_SENDS.judge(graded(check("chat.web-ui", "contract", CheckStatus.FAILED),
                check("browser.chat", "browser", CheckStatus.SKIPPED),
                check("browser.session", "browser", CheckStatus.SKIPPED)))).containsExactly(
                "expected to fail [], found [chat.web-ui]; failed beyond its list: chat.web-ui");
    }
}
