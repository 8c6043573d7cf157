package dev.labkit.runner.report;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result as GitHub-flavored Markdown for CI job pages: a heading with the score, the causes behind
 * several failures, a table of checks (check, title, points, status), then each failed check with its
 * message, hint and, folded, its model transcript.
 *
 * <p>Written for GitHub Actions job summaries (the file {@code $GITHUB_STEP_SUMMARY}, GitHub-flavored
 * Markdown, at most 1 MiB per step: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary),
 * so each transcript is cut to its last {@value #TRANSCRIPT_CHARS} characters and a build or app log to its
 * last {@value #LOG_CHARS}. Any text of the app (messages, transcripts) is inside code fences or escaped
 * table cells, so it cannot break the page's layout.
 */
public final class MarkdownReport implements ReportWriter {

    /** The variable naming GitHub Actions' job summary file, to which Markdown appended shows on the job's page. */
    public static final String STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    static final int TRANSCRIPT_CHARS = 4_000;
    static final int LOG_CHARS = 8_000;
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private final Visibility visibility;

    public MarkdownReport(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        out.write("## Lab " + inline(result.lab()) + ": " + result.score() + "/" + result.maxScore() + " ("
                + result.status().id() + ")\n\n");
        out.write(ConsoleReport.scoreLine(result) + "\n\n");
        if (!result.reason().isEmpty()) {
            out.write("**" + escape(result.reason()) + "**\n\n");
        }
        if (!result.appLog().isBlank()) {
            out.write("<details><summary>last lines of the log</summary>\n\n" + fenced(tail(result.appLog(), LOG_CHARS))
                    + "\n</details>\n\n");
        }
        for (Diagnosis cause : result.diagnosis()) {
            out.write("> **Diagnosis: one cause explains " + cause.checks().size() + " failed checks.** "
                    + escape(cause.message()) + "<br>\n> **Fix:** " + escape(cause.hint()) + "<br>\n> explains: "
                    + String.join(", ", cause.checks().stream().map(MarkdownReport::inline).toList()) + "\n\n");
        }
        List<CheckResult> checks = result.checks().stream().map(visibility::apply).toList();
        if (!checks.isEmpty()) {
            out.write("| check | title | points | status |\n|---|---|---:|---|\n");
            for (CheckResult check : checks) {
                out.write("| " + inline(check.id()) + " | " + cell(check.title()) + " | " + check.points() + "/"
                        + check.maxPoints() + " | " + status(check.status()) + " |\n");
            }
            out.write("\n");
        }
        boolean ranNoCheck = result.status() == GradeStatus.BUILD_FAILED || result.status() == GradeStatus.START_FAILED;
        List<CheckResult> failed = checks.stream()
                .filter(c -> c.status() == CheckStatus.FAILED || c.status() == CheckStatus.ERROR).toList();
        if (!ranNoCheck && !failed.isEmpty()) {
            out.write("### Failed checks\n\n");
            for (CheckResult check : failed) {
                out.write("#### " + inline(check.id()) + ": " + escape(check.title()) + " (" + check.points() + "/"
                        + check.maxPoints() + ")\n\n");
                if (!check.message().isEmpty()) {
                    out.write(fenced(check.message()) + "\n");
                }
                if (!check.hint().isEmpty()) {
                    out.write("**Hint:** " + escape(check.hint()) + "\n\n");
                }
                if (!check.transcript().isEmpty()) {
                    out.write("<details><summary>model transcript</summary>\n\n"
                            + fenced(tail(check.transcript(), TRANSCRIPT_CHARS)) + "\n</details>\n\n");
                }
            }
        }
        for (String warning : result.warnings()) {
            out.write("warning: " + escape(warning) + "\n\n");
        }
        out.flush();
    }

    private static String status(CheckStatus status) {
        return switch (status) {
            case PASSED -> "✅ passed";
            case FAILED -> "❌ failed";
            case ERROR -> "💥 error";
            case SKIPPED -> "⏭️ skipped";
            case WITHHELD -> "🔒 withheld";
        };
    }

    /** Text as a code fence longer than any run of backticks in it, so that nothing in it ends the fence. */
    static String fenced(String text) {
        int longest = 0;
        Matcher run = BACKTICKS.matcher(text);
        while (run.find()) {
            longest = Math.max(longest, run.group().length());
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /** An id as inline code (ids have no backticks; any would be dropped). */
    private static String inline(String id) {
        return "`" + id.replace("`", "") + "`";
    }

    /** A table cell: one line, pipes escaped, Markdown and HTML neutralised. */
    private static String cell(String text) {
        return escape(text.replaceAll("\\s*\\R\\s*", " "));
    }

    /** Text shown as text: Markdown's punctuation and HTML's angle brackets escaped, line ends as {@code <br>}. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\r' -> { }
                case '\n' -> out.append("<br>");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String tail(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        int cut = text.length() - chars;
        return "(" + cut + " earlier characters not shown)\n" + text.substring(cut);
    }
}
