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
 * PrairieLearn's external grader results.json (https://prairielearn.readthedocs.io/en/latest/externalGrading/
 * #grading-results) on real gradings: PrairieLearn publishes no JSON Schema, so every field it documents that
 * we write is checked with its type.
 */
class PrairieLearnReportTests {

    private static final Set<String> TOP_LEVEL = Set.of("gradable", "score", "format_errors", "message", "output",
            "images", "tests");
    private static final Set<String> TEST = Set.of("name", "description", "points", "max_points", "message", "output",
            "images");

    @Test
    void everyFieldIsOnePrairieLearnDocumentsWithItsType() throws Exception {
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken())) {
            JsonNode json = json(result, Visibility.LEARNER);

            assertThat(json.fieldNames()).toIterable().allMatch(TOP_LEVEL::contains)
                    .containsExactly("gradable", "score", "message", "output", "tests");
            assertThat(json.get("gradable").asBoolean()).isTrue();
            assertThat(json.get("score").isDouble()).isTrue();
            assertThat(json.get("score").asDouble()).isBetween(0.0, 1.0)
                    .isEqualTo((double) result.score() / result.maxScore());
            assertThat(json.get("message").asText()).startsWith("Score: " + result.score() + "/" + result.maxScore());
            assertThat(json.get("output").isTextual()).isTrue();
            assertThat(json.get("tests")).hasSize(result.checks().size());
            for (int i = 0; i < result.checks().size(); i++) {
                JsonNode test = json.get("tests").get(i);
                CheckResult check = result.checks().get(i);
                assertThat(test.fieldNames()).toIterable().allMatch(TEST::contains);
                assertThat(test.get("name").asText()).isEqualTo(check.id());
                assertThat(test.get("description").asText()).isEqualTo(check.title());
                assertThat(test.get("points").isInt()).isTrue();
                assertThat(test.get("points").asInt()).isEqualTo(check.points());
                assertThat(test.get("max_points").asInt()).isEqualTo(check.maxPoints());
                assertThat(test.get("message").isTextual()).isTrue();
                assertThat(test.get("output").isTextual()).isTrue();
            }
        }
    }

    @Test
    void aFailedCheckShowsMessageHintAndTranscriptAndTheDiagnosisIsInTheOutput() throws Exception {
        GradeResult result = GradedSamples.broken();
        JsonNode json = json(result, Visibility.LEARNER);
        CheckResult failed = GradedSamples.first(result, CheckStatus.FAILED);
        JsonNode test = json.get("tests").get(result.checks().indexOf(failed));

        assertThat(test.get("message").asText()).isEqualTo(failed.message() + "\nhint: " + failed.hint());
        assertThat(test.get("output").asText()).isEqualTo(failed.transcript().isEmpty() ? ""
                : "model transcript:\n" + failed.transcript());
        assertThat(json.get("output").asText()).startsWith("Diagnosis: one cause explains");
    }

    @Test
    void learnersDoNotSeeAHiddenCheckDetailsButItsPointsCount() throws Exception {
        GradeResult result = GradedSamples.withHiddenFailure(GradedSamples.broken());
        CheckResult hidden = result.checks().stream().filter(CheckResult::hidden).findFirst().orElseThrow();
        int index = result.checks().indexOf(hidden);

        JsonNode learner = json(result, Visibility.LEARNER).get("tests").get(index);
        JsonNode instructor = json(result, Visibility.INSTRUCTOR).get("tests").get(index);

        assertThat(learner.get("message").asText()).isEqualTo(Visibility.HIDDEN_NOTE);
        assertThat(learner.get("output").asText()).isEmpty();
        assertThat(json(result, Visibility.LEARNER).toString()).doesNotContain(GradedSamples.SECRET);
        assertThat(learner.get("max_points").asInt()).isEqualTo(hidden.maxPoints());
        assertThat(instructor.get("message").asText()).startsWith(hidden.message());
    }

    /** PrairieLearn's own case for "gradable": false: code that does not compile costs no attempt. */
    @Test
    void aSubmissionThatDoesNotBuildIsNotGradableWithTheReasonAsFormatError() throws Exception {
        GradeResult result = GradedSamples.buildFailed();
        JsonNode json = json(result, Visibility.LEARNER);

        assertThat(json.get("gradable").asBoolean()).isFalse();
        assertThat(json.has("score")).isFalse();
        assertThat(json.get("format_errors")).hasSize(1);
        assertThat(json.get("format_errors").get(0).asText()).isEqualTo(result.reason());
        assertThat(json.get("output").asText()).contains("App.java:3: error: missing semicolon");
    }

    private static JsonNode json(GradeResult result, Visibility visibility) throws Exception {
        return new ObjectMapper().readTree(GradedSamples.render(ReportFormat.PRAIRIELEARN.writer(visibility), result));
    }
}
