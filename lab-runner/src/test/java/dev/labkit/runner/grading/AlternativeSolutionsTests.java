package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.catalog.LabManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Apps written independently of the reference solutions, each implementing a lab's brief in
 * another reasonable way (another language, the other representation wherever the brief leaves
 * one open: null or missing, field order, SSE layout, charset...). Each must score full marks:
 * a check that demands more than its brief states fails here.
 *
 * <p>They live in {@code src/test/resources/alternatives/<lab id>/<name>/}, each with a {@code
 * README.md} saying which forms it takes.
 */
class AlternativeSolutionsTests {

    static final Path ALTERNATIVES = TestLabs.home().resolve("lab-runner/src/test/resources/alternatives");

    private final Grader grader = new Grader(GradingListener.NONE, Clock.systemUTC());

    @Test
    void everyLabHasAnAlternativeSolution() {
        List<String> labs = dev.labkit.runner.catalog.Catalog.load(TestLabs.home().resolve("labs")).labs().stream()
                .map(LabManifest::id).toList();
        for (String lab : labs) {
            assertThat(ALTERNATIVES.resolve(lab)).as("an alternative solution of lab " + lab).isDirectoryContaining(
                    path -> Files.isDirectory(path));
        }
    }

    @TestFactory
    Stream<DynamicTest> alternativeSolutionsScoreFullMarks() throws IOException {
        List<Path> apps;
        try (Stream<Path> dirs = Files.list(ALTERNATIVES)) {
            apps = dirs.filter(Files::isDirectory).flatMap(AlternativeSolutionsTests::children).sorted().toList();
        }
        return apps.stream().map(app -> DynamicTest.dynamicTest(
                app.getParent().getFileName() + "/" + app.getFileName(), () -> {
                    LabManifest lab = TestLabs.lab(app.getParent().getFileName().toString());

                    GradeResult result = grader.grade(new GradeRequest(lab, app));
                    String diagnosis = GradingDiagnosis.of("alternative solution " + app, result);

                    assertThat(result.score()).as(diagnosis).isEqualTo(result.maxScore());
                    assertThat(result.status()).as(diagnosis).isEqualTo(GradeStatus.PASSED);
                }));
    }

    private static Stream<Path> children(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
