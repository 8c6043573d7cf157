package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFormatTests {

    @TempDir
    Path temp;

    @Test
    void aListIsParsedInItsOrderOnceEach() {
        assertThat(ReportFormat.parseList("json,md,gradescope")).containsExactly(ReportFormat.JSON, ReportFormat.MD,
                ReportFormat.GRADESCOPE);
        assertThat(ReportFormat.parseList(" PrairieLearn , classroom,json,classroom")).containsExactly(
                ReportFormat.PRAIRIELEARN, ReportFormat.CLASSROOM, ReportFormat.JSON);
    }

    @Test
    void anUnknownFormatIsOneLineListingTheKnownOnes() {
        assertThatThrownBy(() -> ReportFormat.parseList("json,pdf")).isInstanceOf(LabException.class)
                .hasMessage("--format json,pdf: unknown format \"pdf\"; use a comma-separated list of json, junit, md,"
                        + " html, gradescope, classroom, prairielearn");
        assertThatThrownBy(() -> ReportFormat.parseList("")).isInstanceOf(LabException.class)
                .hasMessageContaining("unknown format \"\"");
    }

    @Test
    void idsAndFileNamesAreTheAgreedOnesAndNoTwoFormatsShareAFile() {
        assertThat(Arrays.stream(ReportFormat.values()).map(ReportFormat::id)).containsExactly("json", "junit", "md",
                "html", "gradescope", "classroom", "prairielearn");
        assertThat(ReportFormat.GRADESCOPE.fileName()).isEqualTo("results.json");
        assertThat(ReportFormat.PRAIRIELEARN.fileName()).isEqualTo("results/results.json");
        assertThat(Arrays.stream(ReportFormat.values()).map(ReportFormat::fileName)).doesNotHaveDuplicates();
    }

    @Test
    void eachFormatHasItsWriter() {
        assertThat(ReportFormat.JSON.writer(Visibility.LEARNER)).isInstanceOf(JsonReport.class);
        assertThat(ReportFormat.JUNIT.writer(Visibility.LEARNER)).isInstanceOf(JunitXmlReport.class);
        assertThat(ReportFormat.MD.writer(Visibility.LEARNER)).isInstanceOf(MarkdownReport.class);
        assertThat(ReportFormat.GRADESCOPE.writer(Visibility.LEARNER)).isInstanceOf(GradescopeReport.class);
        assertThat(ReportFormat.CLASSROOM.writer(Visibility.LEARNER)).isInstanceOf(ClassroomReport.class);
        assertThat(ReportFormat.PRAIRIELEARN.writer(Visibility.LEARNER)).isInstanceOf(PrairieLearnReport.class);
        assertThat(ReportFormat.HTML.writer(Visibility.LEARNER))
                .isInstanceOf(dev.labkit.runner.report.html.HtmlReport.class);
    }

    /** A writer that fails halfway leaves the earlier report as it was, and no temporary file. */
    @Test
    void aReportIsWrittenWholeOrNotAtAll() throws IOException {
        Path file = Files.writeString(temp.resolve("result.json"), "{\"old\": true}");
        ReportWriter failing = (result, out) -> {
            out.write("{\"half\": ");
            out.flush();
            throw new IOException("No space left on device");
        };

        assertThatThrownBy(() -> ReportFile.write(file, failing, ReportTests.RESULT)).hasMessageContaining("No space");

        assertThat(file).hasContent("{\"old\": true}");
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).containsExactly(file);
        }
        ReportFile.write(file, new JsonReport(Visibility.LEARNER), ReportTests.RESULT);
        assertThat(Files.readString(file)).startsWith("{\n  \"schemaVersion\" : 1,");
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString).contains("OTHERS_READ");
    }
}
