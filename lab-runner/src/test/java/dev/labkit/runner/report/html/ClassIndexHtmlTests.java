package dev.labkit.runner.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.report.GradedSamples;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** index.html over real results of lab 01 ({@link GradedSamples}) plus a rejected and an error row. */
class ClassIndexHtmlTests {

    static List<ClassIndexHtml.Student> students() {
        return List.of(
                ClassIndexHtml.Student.graded("alice", GradedSamples.solution(), "submissions/alice/report.html"),
                ClassIndexHtml.Student.graded("bob", GradedSamples.broken(), "submissions/bob/report.html"),
                ClassIndexHtml.Student.graded("carol", GradedSamples.scriptInLog(), "submissions/carol/report.html"),
                new ClassIndexHtml.Student("dave", "rejected", 0, 0, "a path escapes the archive: ../<script>x",
                        List.of(), ""),
                new ClassIndexHtml.Student("erin", "error", 0, 0, "the grading machine failed: disk full", List.of(),
                        "javascript:alert(1)"));
    }

    static String index(List<ClassIndexHtml.Student> students, List<ClassIndexHtml.Pair> pairs) throws IOException {
        StringWriter out = new StringWriter();
        new ClassIndexHtml().write("01-chatbot", students, pairs, out);
        return out.toString();
    }

    @Test
    void drawsTheScoreHistogramAndThePassRateOfEveryCheckAsAccessibleSvg() throws IOException {
        String html = index(students(), List.of());

        String histogram = section(html, "<svg id=\"score-histogram\"", "</svg>");
        assertThat(histogram).contains("role=\"img\"", "<title id=\"score-histogram-title\">Score histogram</title>",
                "3 graded students");
        assertThat(count(histogram, "<rect ")).isEqualTo(10);
        // The solution is in the top tenth and the app that exits at start (0 points) in the lowest; the broken
        // variant's tenth depends on whether a browser ran lab 01's browser checks here (10/100 or 10/115 points).
        int[] students = new int[10];
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken(), GradedSamples.scriptInLog())) {
            students[Math.min(9, HtmlPage.percent(result.score(), result.maxScore()) / 10)]++;
        }
        assertThat(students[9]).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            String range = i * 10 + "–" + (i == 9 ? 100 : i * 10 + 9) + "%";
            assertThat(histogram).contains("<title>" + students[i] + (students[i] == 1 ? " student" : " students")
                    + " scored " + range + "</title>");
        }
        String rates = section(html, "<svg id=\"pass-rates\"", "</svg>");
        for (CheckResult check : GradedSamples.solution().checks()) {
            assertThat(rates).as(check.id()).contains(">" + check.id() + "</text>");
        }
        assertThat(rates).contains("<title>chat.reply: passed by 1 of 3 students</title>", ">33% (1/3)</text>");
    }

    @Test
    void namesWhatTheClassStrugglesWithListsStudentsAndCountsRejectedAndErrorRowsApart() throws IOException {
        String html = index(students(), List.of());

        String failedMost = section(html, "<table id=\"failed-most\"", "</table>");
        assertThat(count(failedMost, "<tr><td")).isEqualTo(ClassIndexHtml.STRUGGLES);
        assertThat(failedMost).contains("chat.memory", "The model sees the session's earlier messages, in order",
                "2 of 3 (67%)");
        assertThat(section(html, "<table id=\"diagnoses\"", "</table>"))
                .contains("<td>unknown-model</td>", "the model server has no model named");
        String table = section(html, "<table id=\"students\"", "</table>");
        assertThat(table).contains("<a href=\"submissions/alice/report.html\">report</a>",
                "<a href=\"submissions/bob/report.html\">report</a>", "start-failed")
                .doesNotContain("student-dave", "student-erin");
        assertThat(html).contains("Not graded: 1 rejected, 1 error");
        String notGraded = section(html, "<table id=\"not-graded\"", "</table>");
        assertThat(notGraded).contains("dave", "../&lt;script&gt;x", "erin", "disk full");
        assertThat(html).as("links with a scheme are dropped").doesNotContain("javascript:").doesNotContain("<script");
        assertThat(HtmlReportTests.LOADS.matcher(html.replaceAll(" href=\"submissions/[a-z]+/report.html\"", ""))
                .find()).as("nothing loads; only the students' links").isFalse();
    }

    @Test
    void listsSimilarPairsMostSimilarFirstWithPercent() throws IOException {
        String html = index(students(), List.of(new ClassIndexHtml.Pair("alice", "bob", 0.41, ""),
                new ClassIndexHtml.Pair("bob", "carol", 0.937, "similarity/bob-carol.html")));

        String table = section(html, "<table id=\"similar\"", "</table>");
        assertThat(table.indexOf("93.7%")).isPositive().isLessThan(table.indexOf("41.0%"));
        assertThat(table).contains("<a href=\"similarity/bob-carol.html\">compare</a>");
    }

    @Test
    void aRowMadeWithoutItsDiagnosisReadsItBackFromTheChecksHints() {
        GradeResult broken = GradedSamples.broken();
        Diagnosis cause = broken.diagnosis().get(0);

        ClassIndexHtml.Student row = new ClassIndexHtml.Student("bob", broken.status().id(), broken.score(),
                broken.maxScore(), "", broken.checks(), "submissions/bob/report.html");

        assertThat(row.diagnosis()).extracting(Diagnosis::summary).containsExactly(cause.summary());
        assertThat(row.diagnosis().get(0).checks()).containsExactlyElementsOf(cause.checks());
    }

    private static String section(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as(start + " in the page").isNotNegative();
        return html.substring(from, html.indexOf(end, from) + end.length());
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
