package dev.labkit.runner.intake;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A roster CSV (RFC 4180, read with Jackson's CSV parser): a header row naming the columns {@code
 * student} and {@code path} (in any case and order; other columns are ignored; a UTF-8 byte order
 * mark is tolerated), then one row per student. {@code path} is relative to the CSV's folder (or
 * absolute) and names a folder, {@code .zip}, {@code .tar.gz} or {@code .tgz}. Blank rows are
 * skipped. Errors name the CSV's line.
 */
final class Roster {

    private static final CsvMapper CSV = new CsvMapper();

    private Roster() {}

    /** The roster's submissions, in its order. */
    static List<Submission> read(Path csv) {
        Path base = csv.toAbsolutePath().getParent();
        List<Submission> submissions = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                MappingIterator<List<String>> rows = CSV.readerForListOf(String.class)
                        .with(CsvParser.Feature.WRAP_AS_ARRAY)
                        .readValues(withoutBom(reader))) {
            int studentColumn = -1;
            int pathColumn = -1;
            boolean header = true;
            while (rows.hasNextValue()) {
                int line = rows.getCurrentLocation().getLineNr(); // where the row starts: the previous one ended
                List<String> row = rows.nextValue();
                if (header) {
                    header = false;
                    List<String> names = row.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
                    studentColumn = names.indexOf("student");
                    pathColumn = names.indexOf("path");
                    if (studentColumn < 0 || pathColumn < 0) {
                        throw LabException.of(csv + " line " + line + ": the header row must name the columns"
                                + " 'student' and 'path' (it names " + String.join(", ", row) + ")");
                    }
                    continue;
                }
                if (row.stream().allMatch(String::isBlank)) {
                    continue;
                }
                String student = cell(row, studentColumn);
                String path = cell(row, pathColumn);
                String where = csv + " line " + line;
                if (student.isEmpty() || path.isEmpty()) {
                    throw LabException.of(where + ": the row needs both a student and a path");
                }
                Submission.requireStudentId(student, where);
                Path source = base.resolve(path).normalize();
                if (!Files.exists(source)) {
                    throw LabException.of(where + ": " + source + " does not exist: fix the path (it is relative to"
                            + " the roster's folder) or remove the row");
                }
                if (!Files.isDirectory(source) && SubmissionIntake.studentOf(source).isEmpty()) {
                    throw LabException.of(where + ": " + source + " is neither a folder nor a .zip, .tar.gz or .tgz"
                            + " archive");
                }
                for (Submission other : submissions) {
                    if (other.student().equals(student)) {
                        throw LabException.of(where + ": student '" + student + "' is listed twice: keep one row");
                    }
                }
                submissions.add(new Submission(student, source));
            }
            if (header) {
                throw LabException.of(csv + " is empty: write a header row naming 'student' and 'path', then one row"
                        + " per student");
            }
        } catch (IOException e) {
            throw LabException.of(csv + " cannot be read as CSV (" + LabException.firstLine(FileTrees.reason(e), "")
                    + "): save it as UTF-8 CSV with a header row naming 'student' and 'path'", e);
        }
        if (submissions.isEmpty()) {
            throw LabException.of(csv + " lists no student: add one row per student under its header");
        }
        return submissions;
    }

    private static String cell(List<String> row, int column) {
        return column < row.size() && row.get(column) != null ? row.get(column).strip() : "";
    }

    /** The reader past a leading byte order mark, which spreadsheet programs write into UTF-8 CSV. */
    private static Reader withoutBom(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first >= 0 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }
}
