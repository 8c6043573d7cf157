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

    /**
     * A lab whose checks measure speed (grade-alone: true, lab 05's load check) is graded with nothing else
     * running, whatever --jobs says; the other labs' gradings still run side by side.
     */
    @Test
    void aGradeAloneLabsGradingsOverlapNoOtherGrading() throws IOException {
        LabManifest alone = labWithSubjects("08-alone", "grade-alone: true\n");
        LabManifest other = labWithSubjects("09-other", "");
        LabManifest third = labWithSubjects("10-third", "");
        assertThat(alone.gradeAlone()).isTrue();
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ValidationListener listener = new ValidationListener() {
            @Override
            public void gradingStarted(String lab, Subject subject) {
                events.add("start " + lab);
            }

            @Override
            public void gradingFinished(GradingOutcome outcome, int done, int total) {
                events.add("end " + outcome.lab());
            }
        };
        LabValidator validator = new LabValidator(grader, listener, l -> SoundSampleChecks.class);

        validator.validate(new ValidationRequest(List.of(other, alone, third), 3, temp.resolve("out")));

        assertThat(events).hasSize(12);
        int running = 0;
        boolean aloneRunning = false;
        for (String event : events) {
            if (event.startsWith("start ")) {
                assertThat(aloneRunning).as("a grading started while 08-alone was graded: %s", events).isFalse();
                running++;
                aloneRunning = event.endsWith("08-alone");
                assertThat(!aloneRunning || running == 1).as("08-alone started beside another grading: %s", events)
                        .isTrue();
            } else {
                running--;
                aloneRunning = false;
            }
        }
    }

    /** A lab with a solution and a scaffold that have nothing to build: each grading ends fast, "build failed". */
    private LabManifest labWithSubjects(String id, String more) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("labs").resolve(id));
        Files.createDirectories(dir.resolve("solution"));
        Files.createDirectories(dir.resolve("scaffold"));
        Files.writeString(dir.resolve("lab.yaml"), "id: " + id + "\ntitle: Demo\nsuite: a.B\n" + more);
        return Catalog.readLab(dir);
    }

    private LabManifest lab(String id) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("labs").resolve(id));
        Files.writeString(dir.resolve("lab.yaml"), "id: " + id + "\ntitle: Demo\nsuite: a.B\n");
        return Catalog.readLab(dir);
    }
}
