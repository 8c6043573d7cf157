package dev.labkit.runner.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.grading.GradeStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The class at a glance, from its rows: how many of each status, the score's mean and median over the graded
 * rows (error and rejected rows are counted apart, not as zeros), and for each check how many graded rows
 * earned all its points. Holds no time: shards merged give the same summary as one run.
 *
 * @param submissions rows in all
 * @param statuses rows per status, in the order passed, failed, build-failed, start-failed, rejected, error
 * @param meanScore mean score of the graded rows (0 when none)
 * @param medianScore median score of the graded rows (0 when none)
 * @param maxScore the highest maxScore of the graded rows
 * @param checkPasses per check id (the lab's order): graded rows that earned all its points
 * @param graded rows graded (neither rejected nor error)
 */
public record ClassSummary(int submissions, Map<String, Integer> statuses, double meanScore, double medianScore,
        int maxScore, Map<String, Integer> checkPasses, int graded) {

    /** Every row status, in the order summaries show them. */
    public static final List<String> STATUSES = List.of(GradeStatus.PASSED.id(), GradeStatus.FAILED.id(),
            GradeStatus.BUILD_FAILED.id(), GradeStatus.START_FAILED.id(), Row.REJECTED, Row.ERROR);

    /** The summary of {@code rows}, with columns for {@code checks}. */
    public static ClassSummary of(List<String> checks, List<Row> rows, Map<String, Integer> maxPoints) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        STATUSES.forEach(status -> statuses.put(status, 0));
        Map<String, Integer> passes = new LinkedHashMap<>();
        checks.forEach(check -> passes.put(check, 0));
        List<Integer> scores = new ArrayList<>();
        int max = 0;
        for (Row row : rows) {
            statuses.merge(row.status(), 1, Integer::sum);
            if (row.isError() || Row.REJECTED.equals(row.status())) {
                continue;
            }
            scores.add(row.score());
            max = Math.max(max, row.maxScore());
            row.checks().forEach((check, points) -> {
                Integer full = maxPoints.get(check);
                if (full != null && points >= full && passes.containsKey(check)) {
                    passes.merge(check, 1, Integer::sum);
                }
            });
        }
        int[] sorted = scores.stream().mapToInt(Integer::intValue).sorted().toArray();
        double mean = Arrays.stream(sorted).average().orElse(0);
        double median = sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        return new ClassSummary(rows.size(), statuses, mean, median, max, passes, sorted.length);
    }

    /** The {@code summary} object of gradebook.json. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("submissions", submissions);
        node.put("graded", graded);
        ObjectNode byStatus = node.putObject("statuses");
        statuses.forEach(byStatus::put);
        node.put("errors", statuses.getOrDefault(Row.ERROR, 0));
        node.put("rejected", statuses.getOrDefault(Row.REJECTED, 0));
        node.put("meanScore", round(meanScore));
        node.put("medianScore", round(medianScore));
        node.put("maxScore", maxScore);
        ObjectNode checks = node.putObject("checkPasses");
        checkPasses.forEach(checks::put);
        return node;
    }

    /** summary.md: GitHub-flavoured Markdown, for a CI job's summary page ($GITHUB_STEP_SUMMARY). */
    public String markdown(String lab, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(lab).append(": ").append(submissions).append(" submissions\n\n");
        md.append(String.format(Locale.ROOT, "Graded: %d; mean score %s / %d, median %s.", graded, number(meanScore),
                maxScore, number(medianScore)));
        int errors = statuses.getOrDefault(Row.ERROR, 0);
        if (errors > 0) {
            md.append(" **").append(errors).append(" could not be graded (error: the grading machine failed,"
                    + " not the student): grade them again with `lab grade --resume`.**");
        }
        md.append("\n\n| status | submissions |\n|---|---:|\n");
        statuses.forEach((status, count) -> md.append("| ").append(status).append(" | ").append(count).append(" |\n"));
        if (!checkPasses.isEmpty()) {
            md.append("\n| check | earned all its points |\n|---|---:|\n");
            checkPasses.forEach((check, passed) -> md.append("| ").append(check).append(" | ").append(passed)
                    .append(" / ").append(graded).append(" |\n"));
        }
        List<Row> notGraded = rows.stream().filter(row -> row.isError() || Row.REJECTED.equals(row.status())).toList();
        if (!notGraded.isEmpty()) {
            md.append("\n| not graded | status | reason |\n|---|---|---|\n");
            notGraded.forEach(row -> md.append("| ").append(row.student()).append(" | ").append(row.status())
                    .append(" | ").append(row.reason().replace("|", "\\|").replace("\n", " ")).append(" |\n"));
        }
        return md.toString();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceFirst("\\.?0+$", "");
    }
}
