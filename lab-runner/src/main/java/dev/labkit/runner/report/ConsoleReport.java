package dev.labkit.runner.report;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The report a person reads in a terminal: the causes behind several failures first, then one line
 * per check with details under failures, then the total as a sentence.
 */
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
                writeLog(out, "  --- last lines of the log ---\n", result.appLog());
            }
            out.write("\n");
        }
        if (ranNoCheck(result)) {
            long contract = result.checks().stream().filter(c -> c.tier().equals("contract")).count();
            out.write("  None of the " + contract + " checks ran: "
                    + (result.status() == GradeStatus.BUILD_FAILED ? "the build failed" : "the app did not start")
                    + ". Fix that first (the lines above say why), then run lab check again.\n");
        } else {
            writeDiagnosis(result, out);
            writeChecks(result, out);
        }
        writeLeftovers(result.cleanup(), out);
        writeServices(result, out);
        if (result.reason().isEmpty() && !result.appLog().isBlank()) {
            writeLog(out, "\n  --- last lines of the app's log ---\n", result.appLog());
        }
        out.write("\n" + scoreLine(result) + "\n");
        for (String warning : result.warnings()) {
            out.write("warning: " + warning + "\n");
        }
        out.flush();
    }

    /** A build or start failure: every check is "not run", which is said once. */
    private static boolean ranNoCheck(GradeResult result) {
        return result.status() == GradeStatus.BUILD_FAILED || result.status() == GradeStatus.START_FAILED;
    }

    /** The causes behind several failures come first: fixing one makes many checks pass. */
    private static void writeDiagnosis(GradeResult result, Writer out) throws IOException {
        for (Diagnosis diagnosis : result.diagnosis()) {
            int count = diagnosis.checks().size();
            out.write("  Diagnosis: one cause explains " + count + " failed checks.\n");
            writeIndented(out, diagnosis.message(), "    ");
            out.write("    fix: " + diagnosis.hint() + "\n");
            out.write("    explains: " + String.join(", ", diagnosis.checks()) + "\n\n");
        }
    }

    private void writeChecks(GradeResult result, Writer out) throws IOException {
        // Checks that share a diagnosis tell one story: the shortest of their transcripts is enough.
        Set<String> quietTranscripts = new HashSet<>();
        for (Diagnosis diagnosis : result.diagnosis()) {
            quietTranscripts.addAll(diagnosis.checks());
            result.checks().stream()
                    .filter(c -> diagnosis.checks().contains(c.id()))
                    .min(Comparator.comparingLong(c -> c.transcript().lines().count()))
                    .ifPresent(shortest -> quietTranscripts.remove(shortest.id()));
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
            for (java.nio.file.Path screenshot : check.browser().screenshots()) {
                out.write("         screenshot: " + screenshot + "\n");
            }
            if (!check.browser().consoleErrors().isEmpty()) {
                out.write("         page console errors:\n");
                writeIndented(out, String.join("\n", check.browser().consoleErrors()), "           ");
            }
            if (transcripts && !check.transcript().isEmpty() && !quietTranscripts.contains(check.id())) {
                out.write("         model transcript:\n");
                writeIndented(out, check.transcript(), "           ");
            }
            if (transcripts && !check.appLog().isEmpty()) {
                List<String> printed = check.appLog().lines().toList();
                out.write(printed.size() > APP_LOG_LINES
                        ? "         the app printed meanwhile (its last " + APP_LOG_LINES + " lines; all in --json):\n"
                        : "         the app printed meanwhile:\n");
                writeIndented(out, String.join("\n", printed.subList(Math.max(0, printed.size() - APP_LOG_LINES),
                        printed.size())), "           ");
            }
        }
    }

    /** The most lines of what the app printed during a check the console shows (the JSON result keeps more). */
    static final int APP_LOG_LINES = 10;

    /**
     * The total as a sentence: {@code Score: 20/30. 2 of 4 checks passed (graded in 12.3 s).}, or
     * {@code All 14 checks passed}, or why none ran; skipped live and browser checks are counted apart.
     */
    static String scoreLine(GradeResult result) {
        long passed = result.checks().stream().filter(c -> c.status() == CheckStatus.PASSED).count();
        long counted = result.checks().stream().filter(CheckResult::counts)
                .filter(c -> c.status() != CheckStatus.WITHHELD).count();
        long skippedBrowser = result.checks().stream()
                .filter(c -> c.status() == CheckStatus.SKIPPED && c.tier().equals("browser")).count();
        long skipped = result.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED).count()
                - skippedBrowser;
        long withheld = result.checks().stream().filter(c -> c.status() == CheckStatus.WITHHELD).count();
        String outcome;
        if (result.status() == GradeStatus.BUILD_FAILED) {
            outcome = "The build failed, so no check ran";
        } else if (result.status() == GradeStatus.START_FAILED) {
            outcome = "The app did not start, so no check ran";
        } else if (passed == counted) {
            outcome = (counted == 1 ? "The only check" : counted == 2 ? "Both checks" : "All " + counted + " checks")
                    + " passed";
        } else {
            outcome = passed + " of " + counted + " checks passed";
        }
        String skips = skipped == 0 || ranNoCheck(result) ? ""
                : ", " + skipped + (skipped == 1 ? " live check was" : " live checks were") + " skipped";
        skips += skippedBrowser == 0 || ranNoCheck(result) ? ""
                : ", " + skippedBrowser + (skippedBrowser == 1 ? " browser check was" : " browser checks were")
                        + " skipped";
        skips += withheld == 0 || ranNoCheck(result) ? ""
                : ", " + withheld + (withheld == 1 ? " hidden check was" : " hidden checks were")
                        + " withheld for your instructor";
        return String.format(Locale.ROOT, "Score: %d/%d. %s%s (graded in %.1f s).", result.score(),
                result.maxScore(), outcome, skips, result.durationMs() / 1000.0);
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

    /** {@code Services: redis (embedded) at redis://127.0.0.1:41234}: for labs with services only. */
    private static void writeServices(GradeResult result, Writer out) throws IOException {
        if (result.services().isEmpty()) {
            return;
        }
        out.write("\n  Services: " + String.join(", ", result.services().stream()
                .map(s -> s.name() + " (" + s.provider() + ") at " + s.url()).toList()) + "\n");
    }

    private static String label(CheckStatus status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
            case WITHHELD -> "HELD";
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

    /** The heading, then the last {@value #LOG_LINES} lines of {@code log}, each after a bar. */
    private static void writeLog(Writer out, String heading, String log) throws IOException {
        out.write(heading);
        for (String line : lastLines(log)) {
            out.write("  | " + line + "\n");
        }
    }

    private static List<String> lastLines(String log) {
        List<String> lines = log.lines().toList();
        return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    }
}
