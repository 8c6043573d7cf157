package dev.labkit.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The result as Gradescope's autograder {@code results.json}, the file {@code run_autograder} leaves in
 * {@code /autograder/results/} (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format):
 * <pre>{@code
 * {"score": 90.0, "execution_time": 21.5, "output": "Score: 90/100. ...",
 *  "tests": [{"score": 0.0, "max_score": 10.0, "status": "failed", "name": "chat.memory: Remembers the session",
 *             "number": "2", "output": "message\n\nhint: ...\n\nmodel transcript:\n...", "visibility": "visible"}]}
 * }</pre>
 * {@code score} is the grade (it overrides the sum of the tests' scores, so skipped checks never lower it);
 * {@code execution_time} seconds of the whole grading; {@code output} the score line, the reason of a build
 * or start failure with the log's tail, and the diagnosis; one test per check in the lab's order,
 * {@code number} its position from 1, {@code status} {@code passed} or {@code failed} (a skipped live check,
 * worth 0, has none, so Gradescope shows it neither way).
 *
 * <p>Always the instructor view: a hidden check is written in full with visibility {@code after_due_date}, which
 * Gradescope shows to instructors at once and to students only once the due date has passed, when its details
 * can no longer be used to tune a submission against it; the others are {@code visible}.
 */
public final class GradescopeReport implements ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", (double) result.score());
        root.put("execution_time", result.durationMs() / 1000.0);
        root.put("output", output(result));
        ArrayNode tests = root.putArray("tests");
        List<CheckResult> checks = result.checks();
        for (int i = 0; i < checks.size(); i++) {
            CheckResult check = Visibility.INSTRUCTOR.apply(checks.get(i));
            ObjectNode test = tests.addObject();
            test.put("score", (double) check.points());
            test.put("max_score", (double) check.maxPoints());
            switch (check.status()) {
                case PASSED -> test.put("status", "passed");
                case FAILED, ERROR, WITHHELD -> test.put("status", "failed");
                case SKIPPED -> { }
            }
            test.put("name", check.id() + ": " + check.title());
            test.put("number", Integer.toString(i + 1));
            test.put("output", details(check));
            test.put("visibility", check.hidden() ? "after_due_date" : "visible");
        }
        JSON.writeValue(out, root);
    }

    private static String output(GradeResult result) {
        StringBuilder text = new StringBuilder(ConsoleReport.scoreLine(result));
        if (!result.reason().isEmpty()) {
            text.append("\n\n").append(result.reason());
        }
        if (!result.appLog().isBlank()) {
            text.append("\n\nlast lines of the log:\n").append(result.appLog());
        }
        for (Diagnosis cause : result.diagnosis()) {
            text.append("\n\nDiagnosis: one cause explains ").append(cause.checks().size()).append(" failed checks.\n")
                    .append(cause.message()).append("\nfix: ").append(cause.hint()).append("\nexplains: ")
                    .append(String.join(", ", cause.checks()));
        }
        return text.toString();
    }

    /** What a test shows: the message, the hint and the model transcript of a check that did not pass. */
    static String details(CheckResult check) {
        StringBuilder text = new StringBuilder(check.status() == CheckStatus.WITHHELD && check.message().isEmpty()
                ? "withheld: graded from a learner pack" : check.message());
        if (!check.hint().isEmpty()) {
            text.append("\n\nhint: ").append(check.hint());
        }
        if (!check.transcript().isEmpty()) {
            text.append("\n\nmodel transcript:\n").append(check.transcript());
        }
        return text.toString();
    }
}
