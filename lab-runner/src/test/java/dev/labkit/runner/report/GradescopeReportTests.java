package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format)
 * on real gradings: Gradescope publishes no JSON Schema, so every field it documents that we write is
 * checked with its type.
 */
class GradescopeReportTests {

    /** The top-level and per-test fields Gradescope's specification documents. */
    private static final Set<String> TOP_LEVEL = Set.of("score", "execution_time", "output", "output_format",
            "test_output_format", "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
            "leaderboard");
    private static final Set<String> TEST = Set.of("score", "max_score", "status", "name", "name_format", "number",
            "output", "output_format", "tags", "visibility", "extra_data");
    private static final Set<String> VISIBILITIES = Set.of("hidden", "after_due_date", "after_published", "visible");

    @Test
    void everyFieldIsOneGradescopeDocumentsWithItsType() throws Exception {
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken())) {
            JsonNode json = json(result);

            assertThat(json.fieldNames()).toIterable().allMatch(TOP_LEVEL::contains)
                    .containsExactly("score", "execution_time", "output", "tests");
            assertThat(json.get("score").isNumber()).isTrue();
            assertThat(json.get("score").asDouble()).isEqualTo(result.score());
            assertThat(json.get("execution_time").isNumber()).isTrue();
            assertThat(json.get("execution_time").asDouble()).isEqualTo(result.durationMs() / 1000.0);
            assertThat(json.get("output").asText()).startsWith("Score: " + result.score() + "/" + result.maxScore());
            JsonNode tests = json.get("tests");
            assertThat(tests.isArray()).isTrue();
            assertThat(tests).hasSize(result.checks().size());
            for (int i = 0; i < tests.size(); i++) {
                JsonNode test = tests.get(i);
                CheckResult check = result.checks().get(i);
                assertThat(test.fieldNames()).toIterable().allMatch(TEST::contains);
                assertThat(test.get("score").isNumber()).isTrue();
                assertThat(test.get("score").asDouble()).isEqualTo(check.points());
                assertThat(test.get("max_score").asDouble()).isEqualTo(check.maxPoints());
                assertThat(test.get("name").asText()).isEqualTo(check.id() + ": " + check.title());
                assertThat(test.get("number").isTextual()).isTrue();
                assertThat(test.get("number").asText()).isEqualTo(Integer.toString(i + 1));
                assertThat(test.get("output").isTextual()).isTrue();
                assertThat(test.get("visibility").asText()).isIn(VISIBILITIES).isEqualTo("visible");
                if (check.status() == CheckStatus.SKIPPED) {
                    assertThat(test.has("status")).isFalse();
                } else {
                    assertThat(test.get("status").asText())
                            .isEqualTo(check.status() == CheckStatus.PASSED ? "passed" : "failed");
                }
            }
        }
    }

    @Test
    void theScoreIsTheGradeAndAFailedTestShowsMessageHintAndTranscript() throws Exception {
        GradeResult result = GradedSamples.broken();
        JsonNode json = json(result);
        double sum = 0;
        for (JsonNode test : json.get("tests")) {
            sum += test.get("score").asDouble();
        }

        assertThat(sum).isEqualTo(result.score()).isLessThan(result.maxScore());
        CheckResult failed = GradedSamples.first(result, CheckStatus.FAILED);
        String output = json.get("tests").get(result.checks().indexOf(failed)).get("output").asText();
        assertThat(output).startsWith(failed.message()).contains("\n\nhint: " + failed.hint());
        if (!failed.transcript().isEmpty()) {
            assertThat(output).contains("model transcript:\n" + failed.transcript());
        }
        assertThat(json.get("output").asText()).contains("Diagnosis: one cause explains", "llama3.2");
    }

    /** Instructor view: a hidden check's details are written, and Gradescope shows them after the due date. */
    @Test
    void aHiddenCheckIsWrittenInFullWithVisibilityAfterDueDate() throws Exception {
        GradeResult result = GradedSamples.withHiddenFailure(GradedSamples.broken());
        CheckResult hidden = result.checks().stream().filter(CheckResult::hidden).findFirst().orElseThrow();
        JsonNode test = json(result).get("tests").get(result.checks().indexOf(hidden));

        assertThat(test.get("visibility").asText()).isEqualTo("after_due_date");
        assertThat(test.get("output").asText()).startsWith(hidden.message()).doesNotContain(Visibility.HIDDEN_NOTE);
        assertThat(test.get("max_score").asDouble()).as("its points count").isEqualTo(hidden.maxPoints());
    }

    @Test
    void aBuildFailureScoresZeroAndSaysWhyWithTheLog() throws Exception {
        GradeResult result = GradedSamples.buildFailed();
        JsonNode json = json(result);

        assertThat(json.get("score").asDouble()).isZero();
        assertThat(json.get("output").asText()).contains(result.reason(), "App.java:3: error: missing semicolon");
    }

    private static JsonNode json(GradeResult result) throws Exception {
        return new ObjectMapper().readTree(GradedSamples.render(ReportFormat.GRADESCOPE.writer(Visibility.LEARNER), result));
    }
}
