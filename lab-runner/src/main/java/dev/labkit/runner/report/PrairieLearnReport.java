package dev.labkit.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.io.IOException;
import java.io.Writer;

/**
 * The result as PrairieLearn's external grader {@code /grade/results/results.json}
 * (https://prairielearn.readthedocs.io/en/latest/externalGrading/#grading-results):
 * <pre>{@code
 * {"gradable": true, "score": 0.9, "message": "Score: 90/100. ...", "output": "diagnosis, log tail...",
 *  "tests": [{"name": "chat.memory", "description": "Remembers the session", "points": 0, "max_points": 10,
 *             "message": "...\nhint: ...", "output": "model transcript..."}]}
 * }</pre>
 * {@code score} is the grade as a fraction, 0.0 to 1.0 ({@code score / maxScore}, 0 when nothing could be
 * earned). A submission that did not build is {@code "gradable": false} with the reason in
 * {@code format_errors}: PrairieLearn's documented case ("a syntax error that prevented compilation"), which
 * costs the student no attempt; it then has no {@code score}. An app that built but did not start is graded
 * (score 0). One test per check in the lab's order; skipped live checks (worth 0) have {@code max_points} 0.
 * Students see these results at once, so a learner view leaves hidden checks' details out.
 */
public final class PrairieLearnReport implements ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Visibility visibility;

    public PrairieLearnReport(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        boolean gradable = result.status() != GradeStatus.BUILD_FAILED;
        root.put("gradable", gradable);
        if (gradable) {
            root.put("score", result.maxScore() == 0 ? 0.0 : (double) result.score() / result.maxScore());
        } else {
            root.putArray("format_errors").add(result.reason());
        }
        root.put("message", ConsoleReport.scoreLine(result) + (result.reason().isEmpty() ? "" : " " + result.reason()));
        root.put("output", output(result));
        ArrayNode tests = root.putArray("tests");
        for (CheckResult raw : result.checks()) {
            CheckResult check = visibility.apply(raw);
            ObjectNode test = tests.addObject();
            test.put("name", check.id());
            test.put("description", check.title());
            test.put("points", check.points());
            test.put("max_points", check.maxPoints());
            String message = switch (check.status()) {
                case PASSED -> "passed";
                case SKIPPED -> check.message().isEmpty() ? "skipped" : check.message();
                case WITHHELD -> check.message().isEmpty() ? "withheld: graded from a learner pack" : check.message();
                case FAILED, ERROR -> check.message();
            };
            test.put("message", check.hint().isEmpty() ? message : message + "\nhint: " + check.hint());
            test.put("output", check.transcript().isEmpty() ? "" : "model transcript:\n" + check.transcript());
        }
        JSON.writeValue(out, root);
    }

    private static String output(GradeResult result) {
        StringBuilder text = new StringBuilder();
        for (Diagnosis cause : result.diagnosis()) {
            text.append("Diagnosis: one cause explains ").append(cause.checks().size()).append(" failed checks.\n")
                    .append(cause.message()).append("\nfix: ").append(cause.hint()).append("\nexplains: ")
                    .append(String.join(", ", cause.checks())).append("\n\n");
        }
        if (!result.appLog().isBlank()) {
            text.append("last lines of the log:\n").append(result.appLog());
        }
        return text.toString().strip();
    }
}
