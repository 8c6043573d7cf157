package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What classroom-resources/autograding-grading-reporter reads (src/main.js, src/notify-classroom.js,
 * src/console-results.js), in the shape autograding-command-grader writes, on real gradings.
 */
class ClassroomReportTests {

    @Test
    void hasTheFieldsTheReporterReadsWithTheirTypes() throws Exception {
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken())) {
            String text = GradedSamples.render(new ClassroomReport(Visibility.LEARNER), result);
            JsonNode json = new ObjectMapper().readTree(text);

            assertThat(text).as("one line, for a step output").doesNotContain("\n");
            assertThat(json.fieldNames()).toIterable().containsExactly("version", "status", "max_score", "tests");
            assertThat(json.get("version").asInt()).isEqualTo(1);
            assertThat(json.get("status").asText()).isEqualTo(result.passed() ? "pass" : "fail");
            assertThat(json.get("max_score").isInt()).isTrue();
            List<CheckResult> graded = result.checks().stream().filter(c -> c.status() != CheckStatus.SKIPPED).toList();
            assertThat(json.get("tests")).hasSize(graded.size());
            for (int i = 0; i < graded.size(); i++) {
                JsonNode test = json.get("tests").get(i);
                CheckResult check = graded.get(i);
                assertThat(test.fieldNames()).toIterable().containsExactly("name", "status", "score", "message",
                        "test_code", "filename", "line_no", "duration");
                assertThat(test.get("name").asText()).isEqualTo(check.id() + ": " + check.title());
                assertThat(test.get("status").asText()).isEqualTo(switch (check.status()) {
                    case PASSED -> "pass";
                    case ERROR -> "error";
                    default -> "fail";
                });
                assertThat(test.get("score").isInt()).isTrue();
                assertThat(test.get("score").asInt()).isEqualTo(check.points());
                assertThat(test.get("message").isTextual()).isTrue();
                assertThat(test.get("line_no").asInt()).as("0: the reporter prints no line number").isZero();
                assertThat(test.get("duration").isIntegralNumber()).isTrue();
            }
        }
    }

    /** notify-classroom.js: "Points " + sum of tests[].score + "/" + max_score. */
    @Test
    void theReportersPointsAreTheGradeAfterTheBase64RoundTrip() throws Exception {
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken())) {
            String output = Base64.getEncoder().encodeToString(
                    GradedSamples.render(new ClassroomReport(Visibility.LEARNER), result).getBytes(StandardCharsets.UTF_8));
            JsonNode json = new ObjectMapper().readTree(new String(Base64.getDecoder().decode(output),
                    StandardCharsets.UTF_8));
            int total = 0;
            for (JsonNode test : json.get("tests")) {
                total += test.get("score").asInt();
            }

            assertThat("Points " + total + "/" + json.get("max_score").asInt())
                    .isEqualTo("Points " + result.score() + "/" + result.maxScore());
        }
    }

    @Test
    void aFailedCheckCarriesItsMessageAndHintButAHiddenOneOnlyItsNoteForLearners() throws Exception {
        GradeResult result = GradedSamples.withHiddenFailure(GradedSamples.broken());
        CheckResult hidden = result.checks().stream().filter(CheckResult::hidden).findFirst().orElseThrow();
        CheckResult failed = result.checks().stream().filter(c -> c.status() == CheckStatus.FAILED && !c.hidden())
                .findFirst().orElseThrow();
        JsonNode learner = new ObjectMapper().readTree(GradedSamples.render(new ClassroomReport(Visibility.LEARNER), result));
        JsonNode instructor = new ObjectMapper().readTree(
                GradedSamples.render(new ClassroomReport(Visibility.INSTRUCTOR), result));

        assertThat(test(learner, failed).get("message").asText()).isEqualTo(failed.message() + "\nhint: " + failed.hint());
        assertThat(test(learner, hidden).get("message").asText()).isEqualTo(Visibility.HIDDEN_NOTE);
        assertThat(learner.toString()).doesNotContain(GradedSamples.SECRET);
        assertThat(test(instructor, hidden).get("message").asText()).startsWith(hidden.message());
        assertThat(test(learner, hidden).get("score").asInt()).isZero();
    }

    private static JsonNode test(JsonNode json, CheckResult check) {
        for (JsonNode test : json.get("tests")) {
            if (test.get("name").asText().equals(check.id() + ": " + check.title())) {
                return test;
            }
        }
        throw new AssertionError("no test for " + check.id());
    }
}
