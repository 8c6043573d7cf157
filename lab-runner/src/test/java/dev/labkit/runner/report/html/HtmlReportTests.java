package dev.labkit.runner.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import dev.labkit.runner.report.GradedSamples;
import dev.labkit.runner.report.Visibility;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** report.html from real results of lab 01 ({@link GradedSamples}): what it shows, what it escapes and hides. */
class HtmlReportTests {

    /** Anything that would make a browser load something: a src or href attribute, url(...), @import. */
    static final Pattern LOADS = Pattern.compile("(?i)\\s(src|href|srcset|action|data)\\s*=|url\\(|@import");

    static String page(GradeResult result, Visibility visibility) throws IOException {
        StringWriter out = new StringWriter();
        new HtmlReport(visibility).write(result, out);
        return out.toString();
    }

    @Test
    void theSolutionsPageShowsItsFullScoreAndEveryCheck() throws IOException {
        GradeResult solution = GradedSamples.solution();
        assertThat(solution.status()).as("lab 01's solution passes").isEqualTo(GradeStatus.PASSED);

        String html = page(solution, Visibility.LEARNER);

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:\">")
                .contains("<div class=\"big\" id=\"score\">" + solution.score() + "/" + solution.maxScore() + "</div>")
                .contains("<span class=\"badge s-passed\">passed</span>");
        for (CheckResult check : solution.checks()) {
            assertThat(html).as(check.id()).contains("id=\"check-" + check.id() + "\"");
        }
        assertThat(html).as("no script, nothing loaded").doesNotContain("<script");
        assertThat(LOADS.matcher(html).find()).as("a src, href, url() or @import in " + html).isFalse();
    }

    @Test
    void aFailedSubmissionsPageOpensWithTheDiagnosisAndShowsHintsAndTranscripts() throws IOException {
        GradeResult broken = GradedSamples.broken();
        assertThat(broken.diagnosis()).extracting(d -> d.id()).contains("unknown-model");
        CheckResult failed = broken.checks().stream().filter(c -> c.status() == CheckStatus.FAILED
                && !c.transcript().isEmpty()).findFirst().orElseThrow();

        String html = page(broken, Visibility.LEARNER);

        assertThat(html).contains("<h2>Diagnosis</h2>", "id=\"diagnosis-unknown-model\"",
                HtmlPage.text(broken.diagnosis().get(0).summary()), "<span class=\"badge s-failed\">failed</span>",
                "Model transcript (");
        assertThat(html.indexOf("<h2>Diagnosis</h2>")).isLessThan(html.indexOf("<h2>Checks</h2>"));
        String article = html.substring(html.indexOf("id=\"check-" + failed.id() + "\""));
        article = article.substring(0, article.indexOf("</article>"));
        assertThat(article).contains(failed.points() + "/" + failed.maxPoints(),
                HtmlPage.text(failed.message().strip()), "Hint: " + HtmlPage.text(failed.hint()),
                HtmlPage.text(failed.transcript().strip()));
    }

    @Test
    void aScriptInTheAppsLogIsShownAsTextNeverAsMarkup() throws IOException {
        GradeResult started = GradedSamples.scriptInLog();
        assertThat(started.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(started.appLog()).contains(GradedSamples.SCRIPT);

        String html = page(started, Visibility.LEARNER);

        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;document.title='pwned'")
                .contains("<span class=\"badge s-start-failed\">start-failed</span>", "None of the checks ran")
                .contains(HtmlPage.text(started.reason()));
    }

    @Test
    void learnersDoNotSeeTheDetailsOfHiddenChecksButInstructorsDo() throws IOException {
        GradeResult broken = GradedSamples.broken();
        CheckResult failed = broken.checks().stream().filter(c -> c.status() == CheckStatus.FAILED
                && !c.transcript().isEmpty()).findFirst().orElseThrow();
        CheckResult hidden = new CheckResult(failed.id(), failed.title(), failed.tier(), failed.status(),
                failed.points(), failed.maxPoints(), "gold answer <b>plugh</b>", "look at doc 7", failed.durationMs(),
                "transcript with the gold document", true, java.util.Map.of("secret-recall", 0.4242))
                .withAppLog("app saw <i>doc 7</i>\n");
        GradeResult withHidden = new GradeResult(broken.lab(), broken.submission(), broken.score(),
                broken.maxScore(), broken.status(), broken.reason(), broken.startedAt(), broken.durationMs(),
                broken.model(), broken.sandbox(), broken.checks().stream().map(c -> c == failed ? hidden : c).toList(),
                broken.appLog(), broken.timings(), broken.warnings(), broken.cleanup(), List.of());

        String learner = page(withHidden, Visibility.LEARNER);
        String instructor = page(withHidden, Visibility.INSTRUCTOR);

        assertThat(learner).contains("id=\"check-" + failed.id() + "\"",
                        "(hidden check: details are shown to instructors only)")
                .doesNotContain("gold", "plugh", "doc 7", "secret-recall");
        assertThat(instructor).contains("gold answer &lt;b&gt;plugh&lt;/b&gt;", "Hint: look at doc 7",
                "transcript with the gold document", "secret-recall", "0.424",
                "What the app printed meanwhile (1 lines)", "app saw &lt;i&gt;doc 7&lt;/i&gt;");
    }
}
