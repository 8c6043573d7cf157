package dev.labkit.runner.report;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The report a person reads in a terminal: one line per check, details under failures, a total. */
public final class ConsoleReport implements ReportWriter {

    private static final int LOG_LINES = 30;

    private final Visibility visibility;
    private final boolean transcripts;

    /**
     * @param visibility who reads it
     * @param transcripts whether to print the model transcript under each failed check
     */
    public ConsoleReport(Visibility visibility, boolean transcripts) {
        this.visibility = visibility;
        this.transcripts = transcripts;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        out.write("\nLab " + result.lab() + "  ·  " + result.submission() + "\n\n");
        if (!result.reason().isEmpty()) {
            out.write("  " + result.reason() + "\n");
            if (!result.appLog().isBlank()) {
                out.write("  --- last lines of the log ---\n");
                for (String line : lastLines(result.appLog())) {
                    out.write("  | " + line + "\n");
                }
            }
            out.write("\n");
        }
        int idWidth = result.checks().stream().mapToInt(c -> c.id().length()).max().orElse(10);
        for (CheckResult raw : result.checks()) {
            CheckResult check = visibility.apply(raw);
            out.write(String.format(Locale.ROOT, "  %s %-" + idWidth + "s  %7s  %s%n",
                    label(check.status()), check.id(), points(check), check.title()));
            if (!check.metrics().isEmpty()) {
                out.write("         " + metrics(check) + "\n");
            }
            if (check.status() != CheckStatus.PASSED && !check.message().isEmpty()) {
                writeIndented(out, check.message(), "         ");
            }
            if (!check.hint().isEmpty() && check.status() != CheckStatus.PASSED) {
                out.write("         hint: " + check.hint() + "\n");
            }
            if (transcripts && !check.transcript().isEmpty()) {
                out.write("         model transcript:\n");
                writeIndented(out, check.transcript(), "           ");
            }
        }
        writeLeftovers(result.cleanup(), out);
        long passed = result.checks().stream().filter(c -> c.status() == CheckStatus.PASSED).count();
        long counted = result.checks().stream().filter(CheckResult::counts).count();
        out.write(String.format(Locale.ROOT, "%nScore: %d/%d  (%d of %d checks passed, %s, %.1f s)%n",
                result.score(), result.maxScore(), passed, counted, result.status().id(),
                result.durationMs() / 1000.0));
        for (String warning : result.warnings()) {
            out.write("warning: " + warning + "\n");
        }
        out.flush();
    }

    /** Processes the submission left running are named: a learner's app should not leave daemons behind. */
    private static void writeLeftovers(GradeResult.ProcessCleanup cleanup, Writer out) throws IOException {
        if (cleanup.leftovers().isEmpty()) {
            return;
        }
        int count = cleanup.leftoverProcesses();
        out.write("\n  note: the runner killed " + count + (count == 1 ? " process" : " processes")
                + " the submission left running after the command that started " + (count == 1 ? "it" : "them")
                + " had ended:\n");
        for (String leftover : cleanup.leftovers()) {
            out.write("    " + leftover + "\n");
        }
    }

    private static String label(CheckStatus status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
            case ERROR -> "ERR ";
        };
    }

    /** {@code recall@1 0.833  recall@4 0.967  MRR 0.9}: whole numbers without decimals. */
    static String metrics(CheckResult check) {
        StringBuilder line = new StringBuilder();
        check.metrics().forEach((name, value) -> line.append(line.length() == 0 ? "" : "  ").append(name).append(' ')
                .append(value == Math.rint(value) && !Double.isInfinite(value)
                        ? Long.toString(value.longValue())
                        : String.format(Locale.ROOT, "%.3f", value)));
        return line.toString();
    }

    private static String points(CheckResult check) {
        return check.status() == CheckStatus.SKIPPED ? "-" : check.points() + "/" + check.maxPoints();
    }

    private static void writeIndented(Writer out, String text, String indent) throws IOException {
        for (String line : text.strip().split("\\R")) {
            out.write(indent + line + "\n");
        }
    }

    private static List<String> lastLines(String log) {
        List<String> lines = log.lines().toList();
        return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    }
}
