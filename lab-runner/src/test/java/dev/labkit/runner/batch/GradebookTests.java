package dev.labkit.runner.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.labkit.runner.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradebookTests {

    @TempDir
    Path temp;

    private static Map<String, Integer> checks() {
        Map<String, Integer> checks = new LinkedHashMap<>();
        checks.put("chat.reply", 2);
        checks.put("chat.memory", 3);
        return checks;
    }

    private static Gradebook sample() {
        Gradebook book = new Gradebook("01-chatbot", checks());
        book.put(new Row("zoe", "sha256:1", "failed", 2, 5, "", "submissions/zoe", Map.of("chat.memory", 0,
                "chat.reply", 2)));
        book.put(Row.notGraded("bob", "sha256:2", Row.REJECTED, "a zip bomb: 4 GB, \"too big\", refused"));
        book.put(new Row("al", "sha256:3", "passed", 5, 5, "", "submissions/al", Map.of("chat.reply", 2,
                "chat.memory", 3)));
        book.put(Row.notGraded("cy", "sha256:4", Row.ERROR, "Docker does not answer"));
        return book;
    }

    @Test
    void csvHasOneColumnPerCheckInTheLabsOrderRowsByStudentAndQuotesWhatNeedsIt() throws Exception {
        String csv = sample().csv();

        assertThat(csv).startsWith("student,status,score,max,chat.reply,chat.memory,reason\n")
                .contains("\nal,passed,5,5,2,3,\n", "\ncy,error,0,0,,,Docker does not answer\n",
                        "\nzoe,failed,2,5,2,0,\n");
        List<String> lines = csv.lines().toList();
        assertThat(lines).extracting(line -> line.substring(0, line.indexOf(','))).containsExactly("student", "al",
                "bob", "cy", "zoe");
        // Read back by a CSV parser: the reason with a comma and quotes is one cell.
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> cells = mapper.readerFor(String[].class).<String[]>readValues(csv).readAll();
        assertThat(cells.get(2)).containsExactly("bob", "rejected", "0", "0", "", "",
                "a zip bomb: 4 GB, \"too big\", refused");
    }

    @Test
    void jsonRoundTripsAndSummaryCountsErrorsApart() throws Exception {
        Gradebook book = sample();
        book.writeTo(temp);

        Gradebook read = Gradebook.read(temp);

        assertThat(read.rows()).isEqualTo(book.rows());
        assertThat(read.checks()).isEqualTo(checks());
        assertThat(read.csv()).isEqualTo(Files.readString(temp.resolve(Gradebook.CSV)));
        ClassSummary summary = read.summary();
        assertThat(summary.graded()).isEqualTo(2);
        assertThat(summary.meanScore()).isEqualTo(3.5);
        assertThat(summary.statuses()).containsEntry("error", 1).containsEntry("rejected", 1)
                .containsEntry("passed", 1).containsEntry("failed", 1);
        assertThat(summary.checkPasses()).containsExactly(Map.entry("chat.reply", 2), Map.entry("chat.memory", 1));
        assertThat(temp.resolve(Gradebook.SUMMARY)).content().contains("1 could not be graded", "| cy | error |");
        try (var files = Files.list(temp)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(Gradebook.CSV,
                    Gradebook.JSON, Gradebook.SUMMARY);
        }
    }

    @Test
    void aFolderWithoutAGradebookIsOneLine() {
        assertThatThrownBy(() -> Gradebook.read(temp)).isInstanceOf(LabException.class)
                .hasMessageContaining("give an output folder of `lab grade`");
    }
}
