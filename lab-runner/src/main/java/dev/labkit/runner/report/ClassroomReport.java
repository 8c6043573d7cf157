package dev.labkit.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;

/**
 * The result as GitHub Classroom's autograding reporter reads it from a grading step: the JSON that the
 * {@code autograding-*-grader} actions base64-encode into their {@code result} output, which a workflow hands
 * to {@code classroom-resources/autograding-grading-reporter} as {@code <RUNNER>_RESULTS}
 * (https://github.com/classroom-resources/autograding-grading-reporter, src/main.js, src/notify-classroom.js;
 * the shape written by https://github.com/classroom-resources/autograding-command-grader, src/main.js):
 * <pre>{@code
 * {"version": 1, "status": "fail", "max_score": 100,
 *  "tests": [{"name": "chat.memory: Remembers the session", "status": "fail", "score": 0,
 *             "message": "...\nhint: ...", "test_code": "", "filename": "", "line_no": 0, "duration": 41}]}
 * }</pre>
 * The reporter annotates the run with {@code Points <sum of tests' score>/<max_score>}, so {@code max_score} is
 * the grade's maximum and each check's {@code score} its points; it fails the job when {@code status} is
 * {@code fail} or {@code error}. {@code status}: {@code pass} when every contract check passed, else
 * {@code fail}; a check's: {@code pass}, {@code fail} (failed, or withheld from a learner pack: 0 points) or
 * {@code error}. Skipped live checks (worth 0) are left out: the reporter knows no "skipped". {@code line_no} is
 * 0 (the reporter then prints no line number), {@code duration} milliseconds. Students read the reporter's
 * output in their repository's Actions log, so a learner view leaves hidden checks' details out.
 */
public final class ClassroomReport implements ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Visibility visibility;

    public ClassroomReport(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("status", result.passed() ? "pass" : "fail");
        root.put("max_score", result.maxScore());
        ArrayNode tests = root.putArray("tests");
        for (CheckResult raw : result.checks()) {
            if (raw.status() == CheckStatus.SKIPPED) {
                continue;
            }
            CheckResult check = visibility.apply(raw);
            ObjectNode test = tests.addObject();
            test.put("name", check.id() + ": " + check.title());
            test.put("status", switch (check.status()) {
                case PASSED -> "pass";
                case ERROR -> "error";
                default -> "fail";
            });
            test.put("score", check.points());
            String message = check.status() == CheckStatus.WITHHELD && check.message().isEmpty()
                    ? "withheld: graded from a learner pack" : check.message();
            test.put("message", check.hint().isEmpty() ? message : message + "\nhint: " + check.hint());
            test.put("test_code", "");
            test.put("filename", "");
            test.put("line_no", 0);
            test.put("duration", check.durationMs());
        }
        // One line: it is base64-encoded into a step output.
        JSON.writeValue(out, root);
    }
}
