package dev.labkit.runner.report.html;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.validate.BrokenVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Real results of lab 01, graded once per test run with the real Grader (real Maven builds, real apps, the lab
 * model): the reference solution, its unknown-model-name variant (failed checks with transcripts and a diagnosis),
 * and a copy whose app prints a {@code <script>} and exits at start (start-failed, the script in its log).
 */
final class GradedSamples {

    /** What the start-failing app prints before it exits: a page that ran it would change its title. */
    static final String SCRIPT = "<script>document.title='pwned';window.pwned=true</script>";

    private static GradedSamples samples;

    final GradeResult solution;
    final GradeResult unknownModel;
    final GradeResult scriptInLog;

    private GradedSamples(GradeResult solution, GradeResult unknownModel, GradeResult scriptInLog) {
        this.solution = solution;
        this.unknownModel = unknownModel;
        this.scriptInLog = scriptInLog;
    }

    static synchronized GradedSamples get() {
        if (samples == null) {
            try {
                samples = grade();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return samples;
    }

    private static GradedSamples grade() throws IOException {
        LabManifest lab = TestLabs.lab("01-chatbot");
        Grader grader = new Grader(GradingListener.NONE, Clock.systemUTC());
        Path work = Files.createTempDirectory("labkit-html-samples");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.delete(work)));
        Path unknown = BrokenVariant.read(lab.dir().resolve("broken/unknown-model-name.yaml"))
                .applyTo(lab.solution(), work.resolve("unknown-model"));
        Path script = new BrokenVariant("01-chatbot", "script-in-log", "prints a script tag and exits", Set.of(),
                Set.of(), List.of(new BrokenVariant.Edit("src/main/java/com/example/sprout/SproutApp.java",
                        "    public static void main(String[] args) {\n",
                        "    public static void main(String[] args) {\n        System.out.println(\"" + SCRIPT
                                + "\");\n        System.exit(3);\n")))
                .applyTo(lab.solution(), work.resolve("script"));
        return new GradedSamples(grader.grade(new GradeRequest(lab, lab.solution())),
                grader.grade(new GradeRequest(lab, unknown)), grader.grade(new GradeRequest(lab, script)));
    }
}
