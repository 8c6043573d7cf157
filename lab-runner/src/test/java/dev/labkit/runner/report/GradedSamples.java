package dev.labkit.runner.report;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.validate.BrokenVariant;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Real results for the report formats' tests, each graded once per test JVM with the real Grader: lab 01's
 * reference solution, its broken variant {@code unknown-model-name} (13 failed checks and the diagnosis
 * {@code unknown-model}), and a project whose build fails.
 */
final class GradedSamples {

    static final String BROKEN = "unknown-model-name";
    /** In the message, hint and transcript of the check {@link #withHiddenFailure} hides: what learners must not see. */
    static final String SECRET = "gold answer 42";

    private static GradeResult solution;
    private static GradeResult broken;
    private static GradeResult buildFailed;

    private GradedSamples() {}

    static synchronized GradeResult solution() {
        if (solution == null) {
            solution = grade(TestLabs.home().resolve("labs/01-chatbot/solution"));
        }
        return solution;
    }

    static synchronized GradeResult broken() {
        if (broken == null) {
            Path dir = fresh(BROKEN);
            BrokenVariant.read(TestLabs.home().resolve("labs/01-chatbot/broken/" + BROKEN + ".yaml"))
                    .applyTo(TestLabs.home().resolve("labs/01-chatbot/solution"), dir);
            broken = grade(dir);
        }
        return broken;
    }

    /** A project whose build command fails at once (no Maven build): graded {@code build-failed}. */
    static synchronized GradeResult buildFailed() {
        if (buildFailed == null) {
            Path dir = fresh("build-fails");
            try {
                Files.writeString(dir.resolve("submission.yaml"), """
                        build: "echo App.java:3: error: missing semicolon >&2; exit 1"
                        start: exec sleep 60
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buildFailed = grade(dir);
        }
        return buildFailed;
    }

    /**
     * {@code result} with its first failed check made hidden (lab 01 has none), {@link #SECRET} added to its
     * message, hint and transcript: what a lab with hidden checks reports, for the tests of what learners and
     * instructors see.
     */
    static GradeResult withHiddenFailure(GradeResult result) {
        List<CheckResult> checks = new ArrayList<>();
        boolean marked = false;
        for (CheckResult c : result.checks()) {
            if (!marked && c.status() == CheckStatus.FAILED) {
                checks.add(new CheckResult(c.id(), c.title(), c.tier(), c.status(), c.points(), c.maxPoints(),
                        c.message() + " (" + SECRET + ")", c.hint() + " (" + SECRET + ")", c.durationMs(),
                        c.transcript() + "\n(" + SECRET + ")", true, c.metrics()));
                marked = true;
            } else {
                checks.add(c);
            }
        }
        return new GradeResult(result.lab(), result.submission(), result.score(), result.maxScore(), result.status(),
                result.reason(), result.startedAt(), result.durationMs(), result.model(), result.sandbox(), checks,
                result.appLog(), result.timings(), result.warnings(), result.cleanup(), result.diagnosis(),
                result.services());
    }

    /** The first check of {@code result} with {@code status}. */
    static CheckResult first(GradeResult result, CheckStatus status) {
        return result.checks().stream().filter(c -> c.status() == status).findFirst().orElseThrow();
    }

    static String render(ReportWriter writer, GradeResult result) {
        StringWriter out = new StringWriter();
        try {
            writer.write(result, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static GradeResult grade(Path project) {
        LabManifest lab = TestLabs.lab("01-chatbot");
        return new Grader(GradingListener.NONE, Clock.systemUTC()).grade(new GradeRequest(lab, project));
    }

    private static Path fresh(String name) {
        Path dir = TestLabs.home().resolve("lab-runner/target/graded-samples").resolve(name);
        try {
            if (Files.exists(dir)) {
                FileTrees.delete(dir);
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
