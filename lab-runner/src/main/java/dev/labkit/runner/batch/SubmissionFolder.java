package dev.labkit.runner.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.report.JsonReport;
import dev.labkit.runner.report.Visibility;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One student's folder of the output, {@code submissions/<student>/}: {@code result.json} (the JSON result of
 * docs/results.md, instructor view, plus {@code student} and {@code contentHash}), {@code build.log} and
 * {@code app.log} (the last lines the build and the app printed; empty for one that did not run), {@code
 * transcripts.txt} (the model traffic of each failed check),
 * {@code screenshots/} (the PNGs of failed browser checks, when there are some), the
 * extra reports, and last {@code row.json} (the student's gradebook row, which {@code --resume} reads). Each file
 * is written atomically.
 */
final class SubmissionFolder {

    static final String RESULT = "result.json";
    static final String ROW = "row.json";
    static final String BUILD_LOG = "build.log";
    static final String APP_LOG = "app.log";
    static final String TRANSCRIPTS = "transcripts.txt";
    /** The folder of the PNG screenshots of failed browser checks, {@code <check id>-page-N.png}. */
    static final String SCREENSHOTS = "screenshots";

    private final Path folder;

    SubmissionFolder(Path out, String student) {
        this.folder = out.resolve(Row.folderOf(student));
    }

    Path path() {
        return folder;
    }

    /**
     * The last lines a grading's build and app printed (see {@code GradingListener#outputTails}).
     *
     * @param build the build's, {@code ""} when it did not run
     * @param app the app's, {@code ""} when it did not start
     */
    record OutputTails(String build, String app) {
        static final OutputTails NONE = new OutputTails("", "");
    }

    /** Writes a graded submission's files, then its row. */
    void writeGraded(Row row, GradeResult result, OutputTails tails, List<SubmissionReport> reports)
            throws IOException {
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.INSTRUCTOR).write(result, json);
        ObjectNode root = (ObjectNode) Gradebook.mapper().readTree(json.toString());
        ObjectNode withStudent = Gradebook.mapper().createObjectNode();
        withStudent.put("student", row.student());
        withStudent.put("contentHash", row.contentHash());
        withStudent.setAll(root);
        AtomicFiles.write(folder.resolve(RESULT), Gradebook.mapper().writeValueAsString(withStudent) + "\n");
        AtomicFiles.write(folder.resolve(BUILD_LOG), tails.build());
        AtomicFiles.write(folder.resolve(APP_LOG), tails.app());
        AtomicFiles.write(folder.resolve(TRANSCRIPTS), transcripts(result));
        for (SubmissionReport report : reports) {
            AtomicFiles.write(folder.resolve(report.fileName()), out -> report.writer().write(result, out));
        }
        writeRow(row);
    }

    /** Writes the row of a submission that was not graded (rejected, error): its only file. */
    void writeNotGraded(Row row) throws IOException {
        for (String stale : List.of(RESULT, BUILD_LOG, APP_LOG, TRANSCRIPTS)) {
            Files.deleteIfExists(folder.resolve(stale));
        }
        dev.labkit.runner.FileTrees.delete(folder.resolve(SCREENSHOTS));
        writeRow(row);
    }

    private void writeRow(Row row) throws IOException {
        AtomicFiles.write(folder.resolve(ROW), Gradebook.mapper().writeValueAsString(Gradebook.rowJson(row)) + "\n");
    }

    /** The row a run wrote here before, if any and readable. */
    Optional<Row> earlierRow() {
        Path file = folder.resolve(ROW);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Gradebook.mapper().readTree(file.toFile());
            return node == null ? Optional.empty() : Optional.of(Gradebook.row(node));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String transcripts(GradeResult result) {
        StringBuilder text = new StringBuilder();
        for (CheckResult check : result.checks()) {
            if (!check.transcript().isEmpty()) {
                text.append("== ").append(check.id()).append(" (").append(check.status().id()).append(")\n")
                        .append(check.transcript());
                if (!check.transcript().endsWith("\n")) {
                    text.append('\n');
                }
                text.append('\n');
            }
        }
        return text.toString();
    }
}
