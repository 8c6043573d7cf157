package dev.labkit.runner.report.html;

import static dev.labkit.runner.report.html.HtmlPage.attr;
import static dev.labkit.runner.report.html.HtmlPage.badge;
import static dev.labkit.runner.report.html.HtmlPage.text;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import dev.labkit.runner.report.ReportWriter;
import dev.labkit.runner.report.Visibility;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained offline page per graded submission ({@code report.html}): the score with status and reason,
 * the diagnosis, each check with its status, points, message and hint (for failed checks also the model
 * transcript, what the app printed meanwhile and what the check measured; for failed browser checks their screenshots, embedded, and the pages'
 * console errors), and the tail of the app's log. The page loads nothing (style inline,
 * no script, a Content-Security-Policy of {@value HtmlPage#CSP}); everything from the result is escaped, since a
 * learner's app may write {@code <script>} into its log or answers. Hidden checks show their details only to
 * {@link Visibility#INSTRUCTOR}.
 */
public final class HtmlReport implements ReportWriter {

    /** Lines of the app's log shown (its tail). */
    static final int LOG_LINES = 200;

    private final Visibility visibility;

    /** @param visibility who reads it: learners do not see the details of hidden checks */
    public HtmlReport(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        HtmlPage.open(out, "Lab " + result.lab() + ": " + result.score() + "/" + result.maxScore() + " ("
                + result.status().id() + ")");
        out.write("<h1>Lab " + text(result.lab()) + "</h1>\n");
        out.write("<p class=\"sub\">" + text(result.submission()) + "</p>\n");
        writeScore(result, out);
        writeDiagnosis(result.diagnosis(), out);
        writeChecks(result, out);
        writeLog(result, out);
        writeNotes(result, out);
        HtmlPage.close(out, "Graded " + result.startedAt() + " in "
                + String.format(Locale.ROOT, "%.1f s", result.durationMs() / 1000.0) + " · model "
                + result.model().provider() + " · sandbox " + result.sandbox() + " · LabKit");
    }

    private static void writeScore(GradeResult result, Writer out) throws IOException {
        int percent = HtmlPage.percent(result.score(), result.maxScore());
        long passed = result.checks().stream().filter(c -> c.status() == CheckStatus.PASSED).count();
        long counted = result.checks().stream()
                .filter(c -> c.status() != CheckStatus.SKIPPED && c.status() != CheckStatus.WITHHELD).count();
        out.write("<section class=\"score\" aria-label=\"score\">\n");
        out.write("<div><div class=\"big\" id=\"score\">" + result.score() + "/" + result.maxScore() + "</div>"
                + "<div class=\"muted\">" + percent + "%</div></div>\n");
        out.write("<div>" + badge(result.status().id()) + "<div class=\"muted\">"
                + (ranNoCheck(result) ? "no check ran" : passed + " of " + counted + " checks passed")
                + "</div></div>\n");
        out.write("<div class=\"bar\" role=\"img\" aria-label=\"" + percent + "% of the points\"><span style=\"width:"
                + percent + "%\"></span></div>\n");
        out.write("</section>\n");
        if (!result.reason().isEmpty()) {
            out.write("<p class=\"reason\">" + text(result.reason()) + "</p>\n");
        }
    }

    private static void writeDiagnosis(List<Diagnosis> diagnosis, Writer out) throws IOException {
        if (diagnosis.isEmpty()) {
            return;
        }
        out.write("<h2>Diagnosis</h2>\n");
        for (Diagnosis cause : diagnosis) {
            out.write("<div class=\"diag\" id=\"diagnosis-" + attr(cause.id()) + "\">\n<strong>" + text(cause.summary())
                    + "</strong> <span class=\"muted\">(" + text(cause.id()) + ", explains " + cause.checks().size()
                    + " failed checks)</span>\n");
            out.write("<p>" + text(cause.message()) + "</p>\n<p class=\"hint\">Fix: " + text(cause.hint()) + "</p>\n");
            out.write("<p class=\"muted\">Explains: " + text(String.join(", ", cause.checks())) + "</p>\n</div>\n");
        }
    }

    private void writeChecks(GradeResult result, Writer out) throws IOException {
        out.write("<h2>Checks</h2>\n");
        if (ranNoCheck(result)) {
            out.write("<p>None of the checks ran: "
                    + (result.status() == GradeStatus.BUILD_FAILED ? "the build failed" : "the app did not start")
                    + ". Fix that first (the log below says why).</p>\n");
            return;
        }
        for (CheckResult raw : result.checks()) {
            CheckResult check = visibility.apply(raw);
            String status = check.status().id();
            out.write("<article class=\"check " + status + "\" id=\"check-" + attr(check.id()) + "\">\n<header>"
                    + badge(status) + " <span class=\"id\">" + text(check.id()) + "</span> <span>"
                    + text(check.title()) + "</span>" + (check.hidden() ? " <span class=\"muted\">(hidden)</span>" : "")
                    + (check.tier().equals("live") || check.tier().equals("browser")
                            ? " <span class=\"muted\">(" + text(check.tier()) + ")</span>" : "")
                    + " <span class=\"pts\">" + (check.status() == CheckStatus.SKIPPED ? "–"
                            : check.points() + "/" + check.maxPoints()) + "</span></header>\n");
            boolean failed = check.status() == CheckStatus.FAILED || check.status() == CheckStatus.ERROR;
            if (check.status() != CheckStatus.PASSED && !check.message().isEmpty()) {
                out.write("<pre class=\"message\">" + text(check.message().strip()) + "</pre>\n");
            }
            if (check.status() != CheckStatus.PASSED && !check.hint().isEmpty()) {
                out.write("<p class=\"hint\">Hint: " + text(check.hint()) + "</p>\n");
            }
            if (!check.metrics().isEmpty()) {
                writeMetrics(check.metrics(), out);
            }
            if (failed) {
                writeBrowserEvidence(check, out);
            }
            if (failed && !check.transcript().isEmpty()) {
                out.write("<details><summary>Model transcript (" + check.transcript().lines().count()
                        + " lines)</summary>\n<pre class=\"transcript\">" + text(check.transcript().strip())
                        + "</pre></details>\n");
            }
            if (failed && !check.appLog().isEmpty()) {
                out.write("<details><summary>What the app printed meanwhile (" + check.appLog().lines().count()
                        + " lines)</summary>\n<pre class=\"transcript\">" + text(check.appLog().strip())
                        + "</pre></details>\n");
            }
            out.write("</article>\n");
        }
    }

    /**
     * A failed browser check's screenshots, embedded as {@code data:} URIs (the page stays self-contained; its CSP
     * allows images from {@code data:} only), and its pages' console errors.
     */
    private static void writeBrowserEvidence(CheckResult check, Writer out) throws IOException {
        int page = 1;
        for (Path screenshot : check.browser().screenshots()) {
            String caption = "Page " + page++ + " as the check left it: " + screenshot;
            byte[] png;
            try {
                png = Files.readAllBytes(screenshot);
            } catch (IOException e) {
                out.write("<p class=\"muted\">" + text(caption) + " (not readable any more: " + text(e.getMessage())
                        + ")</p>\n");
                continue;
            }
            out.write("<figure class=\"screenshot\"><img src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(png) + "\" alt=\"" + attr("screenshot of page " + (page - 1)
                    + " of " + check.id()) + "\"><figcaption class=\"muted\">" + text(caption)
                    + "</figcaption></figure>\n");
        }
        if (!check.browser().consoleErrors().isEmpty()) {
            out.write("<details open><summary>Page console errors (" + check.browser().consoleErrors().size()
                    + " lines)</summary>\n<pre class=\"console\">"
                    + text(String.join("\n", check.browser().consoleErrors())) + "</pre></details>\n");
        }
    }

    private static void writeMetrics(Map<String, Double> metrics, Writer out) throws IOException {
        out.write("<table class=\"metrics\"><caption class=\"muted\">measured</caption><tr>");
        for (String name : metrics.keySet()) {
            out.write("<th class=\"num\">" + text(name) + "</th>");
        }
        out.write("</tr><tr>");
        for (Double value : metrics.values()) {
            out.write("<td class=\"num\">" + HtmlPage.number(value) + "</td>");
        }
        out.write("</tr></table>\n");
    }

    private static void writeLog(GradeResult result, Writer out) throws IOException {
        if (result.appLog().isBlank()) {
            return;
        }
        List<String> lines = result.appLog().lines().toList();
        int from = Math.max(0, lines.size() - LOG_LINES);
        out.write("<h2>" + (result.status() == GradeStatus.BUILD_FAILED ? "Build log" : "App log")
                + " <span class=\"muted\">("
                + (from == 0 ? "all " + lines.size() : "last " + (lines.size() - from) + " of " + lines.size())
                + " lines)</span></h2>\n");
        out.write("<pre id=\"log\">" + text(String.join("\n", lines.subList(from, lines.size()))) + "</pre>\n");
    }

    /** Services, processes the runner killed, and warnings: what the runner has to say beyond the grade. */
    private static void writeNotes(GradeResult result, Writer out) throws IOException {
        if (result.services().isEmpty() && result.cleanup().leftovers().isEmpty() && result.warnings().isEmpty()) {
            return;
        }
        out.write("<h2>Notes</h2>\n<ul>\n");
        for (GradeResult.Service service : result.services()) {
            out.write("<li>Service " + text(service.name()) + " (" + text(service.provider()) + ") at "
                    + text(service.url()) + "</li>\n");
        }
        for (String leftover : result.cleanup().leftovers()) {
            out.write("<li>The runner killed a process the submission left running: " + text(leftover) + "</li>\n");
        }
        for (String warning : result.warnings()) {
            out.write("<li>Warning: " + text(warning) + "</li>\n");
        }
        out.write("</ul>\n");
    }

    private static boolean ranNoCheck(GradeResult result) {
        return result.status() == GradeStatus.BUILD_FAILED || result.status() == GradeStatus.START_FAILED;
    }
}
