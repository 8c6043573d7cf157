package dev.labkit.runner.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabValidatorTests {

    @TempDir
    Path temp;

    private final Grader grader = new Grader(GradingListener.NONE, Clock.systemUTC());

    @Test
    void aSuiteThatCannotBeLoadedIsAProblemAndNothingIsGraded() throws IOException {
        LabManifest lab = lab("07-demo");
        LabValidator validator = new LabValidator(grader, ValidationListener.NONE, l -> {
            throw LabException.of("checker suite a.B cannot be loaded");
        });

        ValidationReport report = validator.validate(new ValidationRequest(List.of(lab), 2, temp.resolve("out")));

        assertThat(report.sound()).isFalse();
        assertThat(report.problems()).extracting(Problem::line)
                .containsExactly("07-demo suite: checker suite a.B cannot be loaded (nothing was graded)");
        assertThat(report.labs().get(0).gradings()).isEmpty();
        assertThat(report.out()).isDirectory();
    }

    @Test
    void aRequestNeedsALabAndAtLeastOneJob() throws IOException {
        LabManifest lab = lab("07-demo");

        assertThatThrownBy(() -> new ValidationRequest(List.of(lab), 0, temp)).isInstanceOf(LabException.class)
                .hasMessage("--jobs 0: run at least 1 grading at a time");
        assertThatThrownBy(() -> new ValidationRequest(List.of(), 1, temp)).isInstanceOf(LabException.class)
                .hasMessageStartingWith("name at least one lab to validate");
    }

    private LabManifest lab(String id) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("labs").resolve(id));
        Files.writeString(dir.resolve("lab.yaml"), "id: " + id + "\ntitle: Demo\nsuite: a.B\n");
        return Catalog.readLab(dir);
    }
}
