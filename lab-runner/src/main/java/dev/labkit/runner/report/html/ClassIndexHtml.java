package dev.labkit.runner.report.html;

import static dev.labkit.runner.report.html.HtmlPage.attr;
import static dev.labkit.runner.report.html.HtmlPage.badge;
import static dev.labkit.runner.report.html.HtmlPage.percent;
import static dev.labkit.runner.report.html.HtmlPage.text;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class index of {@code lab grade} ({@code index.html}): the score histogram and the pass rate of every check
 * as inline SVG charts, what the class struggles with (the checks failed most, the most common diagnoses), every
 * student with status, score and a link to their {@code report.html}, and the similar pairs, most similar first.
 * Rejected and error rows (not graded) are counted and listed apart and left out of the charts. Like
 * {@link HtmlReport} the page loads nothing and escapes everything.
 */
public final class ClassIndexHtml {

    /** How many checks and diagnoses "what the class struggles with" names. */
    static final int STRUGGLES = 5;

    private static final Set<String> GRADED = Arrays.stream(GradeStatus.values()).map(GradeStatus::id)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * One row of the class.
     *
     * @param student the student's name (intake's {@code Submission.student})
     * @param status a GradeStatus id ({@code passed}, {@code failed}, {@code build-failed}, {@code start-failed}), or
     *     {@code rejected} (intake refused the submission) or {@code error} (the grading machine failed)
     * @param score points earned (0 for rejected/error)
     * @param maxScore points possible
     * @param reason one line: why it was rejected, failed to build or start, or errored; else {@code ""}
     * @param checks the checks' verdicts in the lab's order; empty for rejected/error
     * @param reportLink relative URL of the student's {@code report.html}, or {@code ""} for none
     * @param diagnosis the causes found behind several failed checks ({@link GradeResult#diagnosis()}); the 7-argument
     *     constructor reads them back from the checks' hints ({@link Diagnosis#checkHint()}), without their ids
     */
    public record Student(String student, String status, int score, int maxScore, String reason,
            List<CheckResult> checks, String reportLink, List<Diagnosis> diagnosis) {

        public Student {
            checks = List.copyOf(checks);
            diagnosis = List.copyOf(diagnosis);
            reportLink = reportLink == null ? "" : reportLink;
            reason = reason == null ? "" : reason;
        }

        /** As api14 fixes it: the diagnosis is read back from the checks' hints. */
        public Student(String student, String status, int score, int maxScore, String reason,
                List<CheckResult> checks, String reportLink) {
            this(student, status, score, maxScore, reason, checks, reportLink, fromHints(checks));
        }

        /** A graded submission's row, from its result. */
        public static Student graded(String student, GradeResult result, String reportLink) {
            return new Student(student, result.status().id(), result.score(), result.maxScore(), result.reason(),
                    result.checks(), reportLink, result.diagnosis());
        }

        boolean graded() {
            return GRADED.contains(status);
        }

        private static List<Diagnosis> fromHints(List<CheckResult> checks) {
            String prefix = "caused by the problem found above (";
            String suffix = "): fix that first";
            Map<String, List<String>> bySummary = new LinkedHashMap<>();
            for (CheckResult check : checks) {
                String hint = check.hint();
                if (hint.startsWith(prefix) && hint.endsWith(suffix)) {
                    bySummary.computeIfAbsent(hint.substring(prefix.length(), hint.length() - suffix.length()),
                            s -> new ArrayList<>()).add(check.id());
                }
            }
            return bySummary.entrySet().stream()
                    .map(e -> new Diagnosis("", e.getKey(), "", "", e.getValue())).toList();
        }
    }

    /**
     * Two students whose code is alike.
     *
     * @param similarity 0..1 (JPlag's average similarity)
     * @param reportLink relative URL of the comparison, or {@code ""}
     */
    public record Pair(String first, String second, double similarity, String reportLink) {}

    /**
     * Writes the index page.
     *
     * @param lab the lab's id
     * @param students every row, in the order to list them (the gradebook's: by student)
     * @param similarPairs pairs in any order; listed most similar first
     */
    public void write(String lab, List<Student> students, List<Pair> similarPairs, Writer out) throws IOException {
        List<Student> graded = students.stream().filter(Student::graded).toList();
        List<Student> notGraded = students.stream().filter(s -> !s.graded()).toList();
        HtmlPage.open(out, "Lab " + lab + ": class results");
        out.write("<h1>Lab " + text(lab) + ": class results</h1>\n");
        writeSummary(students, graded, notGraded, out);
        out.write("<h2>Scores</h2>\n");
        out.write(SvgCharts.columns("score-histogram", "Score histogram",
                "How many of the " + graded.size() + " graded students scored in each tenth of the points.",
                histogram(graded)));
        List<String> checkIds = checkIds(graded);
        if (!checkIds.isEmpty()) {
            out.write("<h2>Pass rate per check</h2>\n");
            out.write(SvgCharts.rows("pass-rates", "Pass rate per check",
                    "For each check, the share of graded students whose submission passed it.",
                    passRates(graded, checkIds)));
        }
        writeStruggles(graded, checkIds, out);
        writeStudents(graded, out);
        writeNotGraded(notGraded, out);
        writeSimilar(similarPairs, out);
        HtmlPage.close(out, "LabKit · lab grade · " + students.size() + " submissions");
    }

    private static void writeSummary(List<Student> all, List<Student> graded, List<Student> notGraded, Writer out)
            throws IOException {
        Map<String, Long> byStatus = all.stream().collect(Collectors.groupingBy(Student::status, LinkedHashMap::new,
                Collectors.counting()));
        int[] percents = graded.stream().mapToInt(s -> percent(s.score(), s.maxScore())).sorted().toArray();
        out.write("<section class=\"score\" aria-label=\"summary\">\n<div><div class=\"big\" id=\"submissions\">"
                + all.size() + "</div><div class=\"muted\">submissions</div></div>\n");
        out.write("<div><div class=\"big\">" + graded.size() + "</div><div class=\"muted\">graded</div></div>\n");
        if (percents.length > 0) {
            double mean = Arrays.stream(percents).average().orElse(0);
            int median = percents.length % 2 == 1 ? percents[percents.length / 2]
                    : (percents[percents.length / 2 - 1] + percents[percents.length / 2]) / 2;
            out.write(String.format(Locale.ROOT, "<div><div class=\"big\">%.0f%%</div><div class=\"muted\">mean score"
                    + " (median %d%%)</div></div>%n", mean, median));
        }
        out.write("<div id=\"status-counts\">");
        for (Map.Entry<String, Long> status : byStatus.entrySet()) {
            out.write(badge(status.getKey()) + " " + status.getValue() + " ");
        }
        out.write("</div>\n</section>\n");
        if (!notGraded.isEmpty()) {
            long rejected = notGraded.stream().filter(s -> s.status().equals("rejected")).count();
            out.write("<p class=\"reason\" id=\"not-graded-count\">Not graded: " + rejected + " rejected, "
                    + (notGraded.size() - rejected) + " error (listed apart below, left out of the charts).</p>\n");
        }
    }

    /** Ten bins of the score's percentage: 0–9 … 80–89, 90–100. */
    private static List<SvgCharts.Bar> histogram(List<Student> graded) {
        int[] bins = new int[10];
        for (Student s : graded) {
            bins[Math.min(9, percent(s.score(), s.maxScore()) / 10)]++;
        }
        List<SvgCharts.Bar> bars = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String range = i * 10 + "–" + (i == 9 ? 100 : i * 10 + 9) + "%";
            bars.add(new SvgCharts.Bar(range, bins[i], Integer.toString(bins[i]),
                    bins[i] + (bins[i] == 1 ? " student" : " students") + " scored " + range));
        }
        return bars;
    }

    private static List<String> checkIds(List<Student> graded) {
        return graded.stream().flatMap(s -> s.checks().stream()).map(CheckResult::id).distinct().toList();
    }

    /** Passed of counted (skipped and withheld checks do not count), per check. */
    private static List<SvgCharts.Bar> passRates(List<Student> graded, List<String> checkIds) {
        List<SvgCharts.Bar> bars = new ArrayList<>();
        for (String id : checkIds) {
            int[] tally = tally(graded, id);
            double rate = tally[1] == 0 ? 0 : (double) tally[0] / tally[1];
            String value = tally[1] == 0 ? "not run" : percent(tally[0], tally[1]) + "% (" + tally[0] + "/" + tally[1]
                    + ")";
            bars.add(new SvgCharts.Bar(id, rate, value, id + ": passed by " + tally[0] + " of " + tally[1]
                    + " students"));
        }
        return bars;
    }

    /** {passed, counted, failed or error} of one check over the graded students. */
    private static int[] tally(List<Student> graded, String id) {
        int[] tally = new int[3];
        for (Student s : graded) {
            for (CheckResult check : s.checks()) {
                if (!check.id().equals(id) || check.status() == CheckStatus.SKIPPED
                        || check.status() == CheckStatus.WITHHELD) {
                    continue;
                }
                tally[1]++;
                if (check.status() == CheckStatus.PASSED) {
                    tally[0]++;
                } else {
                    tally[2]++;
                }
            }
        }
        return tally;
    }

    private static void writeStruggles(List<Student> graded, List<String> checkIds, Writer out) throws IOException {
        List<Map.Entry<String, int[]>> failed = checkIds.stream().map(id -> Map.entry(id, tally(graded, id)))
                .filter(e -> e.getValue()[2] > 0)
                .sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -e.getValue()[2])
                        .thenComparing(Map.Entry::getKey))
                .limit(STRUGGLES).toList();
        Map<String, List<Diagnosis>> causes = graded.stream().flatMap(s -> s.diagnosis().stream())
                .collect(Collectors.groupingBy(d -> d.id().isEmpty() ? d.summary() : d.id(), LinkedHashMap::new,
                        Collectors.toList()));
        out.write("<h2>What the class struggles with</h2>\n");
        if (failed.isEmpty() && causes.isEmpty()) {
            out.write("<p>Every graded check passed.</p>\n");
            return;
        }
        if (!failed.isEmpty()) {
            out.write("<table id=\"failed-most\"><caption>Checks failed most</caption>\n<tr><th>check</th>"
                    + "<th>title</th><th class=\"num\">students failing</th></tr>\n");
            for (Map.Entry<String, int[]> e : failed) {
                String title = graded.stream().flatMap(s -> s.checks().stream()).filter(c -> c.id().equals(e.getKey()))
                        .map(CheckResult::title).findFirst().orElse("");
                out.write("<tr><td class=\"id\">" + text(e.getKey()) + "</td><td>" + text(title)
                        + "</td><td class=\"num\">" + e.getValue()[2] + " of " + e.getValue()[1] + " ("
                        + percent(e.getValue()[2], e.getValue()[1]) + "%)</td></tr>\n");
            }
            out.write("</table>\n");
        }
        if (!causes.isEmpty()) {
            out.write("<table id=\"diagnoses\"><caption>Most common diagnoses</caption>\n<tr><th>cause</th>"
                    + "<th>for example</th><th class=\"num\">students</th></tr>\n");
            List<Map.Entry<String, List<Diagnosis>>> common = causes.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, List<Diagnosis>> e) -> -e.getValue().size())
                            .thenComparing(Map.Entry::getKey))
                    .limit(STRUGGLES).toList();
            for (Map.Entry<String, List<Diagnosis>> e : common) {
                out.write("<tr><td>" + text(e.getKey()) + "</td><td>" + text(e.getValue().get(0).summary())
                        + "</td><td class=\"num\">" + e.getValue().size() + " (" + percent(e.getValue().size(),
                        graded.size()) + "%)</td></tr>\n");
            }
            out.write("</table>\n");
        }
    }

    private static void writeStudents(List<Student> graded, Writer out) throws IOException {
        out.write("<h2>Students</h2>\n");
        if (graded.isEmpty()) {
            out.write("<p>No submission was graded.</p>\n");
            return;
        }
        out.write("<table id=\"students\">\n<tr><th>student</th><th>status</th><th class=\"num\">score</th>"
                + "<th class=\"num\">%</th><th>reason</th><th>report</th></tr>\n");
        for (Student s : graded) {
            out.write("<tr id=\"student-" + attr(s.student()) + "\"><td>" + text(s.student()) + "</td><td>"
                    + badge(s.status()) + "</td><td class=\"num\">" + s.score() + "/" + s.maxScore()
                    + "</td><td class=\"num\">" + percent(s.score(), s.maxScore()) + "%</td><td>" + text(s.reason())
                    + "</td><td>" + link(s.reportLink(), "report") + "</td></tr>\n");
        }
        out.write("</table>\n");
    }

    private static void writeNotGraded(List<Student> notGraded, Writer out) throws IOException {
        if (notGraded.isEmpty()) {
            return;
        }
        out.write("<h2>Not graded</h2>\n<table id=\"not-graded\">\n<tr><th>student</th><th>status</th><th>reason</th>"
                + "<th>report</th></tr>\n");
        for (Student s : notGraded) {
            out.write("<tr id=\"student-" + attr(s.student()) + "\"><td>" + text(s.student()) + "</td><td>"
                    + badge(s.status()) + "</td><td>" + text(s.reason()) + "</td><td>" + link(s.reportLink(), "report")
                    + "</td></tr>\n");
        }
        out.write("</table>\n");
    }

    private static void writeSimilar(List<Pair> pairs, Writer out) throws IOException {
        if (pairs.isEmpty()) {
            return;
        }
        out.write("<h2>Similar submissions</h2>\n<table id=\"similar\">\n<tr><th>first</th><th>second</th>"
                + "<th class=\"num\">similarity</th><th>comparison</th></tr>\n");
        for (Pair pair : pairs.stream().sorted(Comparator.comparingDouble(Pair::similarity).reversed()
                .thenComparing(Pair::first).thenComparing(Pair::second)).toList()) {
            out.write("<tr><td>" + text(pair.first()) + "</td><td>" + text(pair.second()) + "</td><td class=\"num\">"
                    + String.format(Locale.ROOT, "%.1f%%", pair.similarity() * 100) + "</td><td>"
                    + link(pair.reportLink(), "compare") + "</td></tr>\n");
        }
        out.write("</table>\n");
    }

    private static String link(String href, String label) {
        String relative = HtmlPage.relativeLink(href);
        return relative.isEmpty() ? "<span class=\"muted\">–</span>"
                : "<a href=\"" + attr(relative) + "\">" + text(label) + "</a>";
    }
}
