package dev.labkit.runner.batch;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.GradeResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One student's line of the gradebook.
 *
 * @param student the student id (the submission's folder or archive name, or the roster's student column)
 * @param contentHash the submission's {@code ContentHash}: {@code sha256:<hex>}
 * @param status a {@code GradeStatus} id ({@code passed}, {@code failed}, {@code build-failed},
 *     {@code start-failed}), {@link #REJECTED} or {@link #ERROR}
 * @param score points earned (0 for rejected and error rows)
 * @param maxScore points possible (0 for rejected and error rows: nothing was graded)
 * @param reason one line: why it was rejected, why grading failed, or why it did not build or start; else empty
 * @param folder its folder in the output, relative: {@code submissions/<student>}
 * @param checks each check's points by check id, in the lab's check order (empty when nothing was graded)
 */
public record Row(String student, String contentHash, String status, int score, int maxScore, String reason,
        String folder, Map<String, Integer> checks) {

    /** The status of a submission that intake refused (a zip bomb, a path escaping the archive, ...). */
    public static final String REJECTED = "rejected";

    /** The status of a submission the grading machine failed to grade (twice): not the student's fault. */
    public static final String ERROR = "error";

    public Row {
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        reason = reason == null ? "" : reason;
    }

    /** The row of a graded submission. */
    public static Row graded(String student, String contentHash, GradeResult result) {
        Map<String, Integer> points = new LinkedHashMap<>();
        for (CheckResult check : result.checks()) {
            points.put(check.id(), check.points());
        }
        return new Row(student, contentHash, result.status().id(), result.score(), result.maxScore(),
                result.reason(), folderOf(student), points);
    }

    /** The row of a submission that could not be graded: {@link #REJECTED} or {@link #ERROR}. */
    public static Row notGraded(String student, String contentHash, String status, String reason) {
        return new Row(student, contentHash, status, 0, 0, reason, folderOf(student), Map.of());
    }

    /** {@code submissions/<student>}. */
    public static String folderOf(String student) {
        return "submissions/" + student;
    }

    /** Whether the grading machine failed on it (graded again by a resumed run). */
    public boolean isError() {
        return ERROR.equals(status);
    }
}
