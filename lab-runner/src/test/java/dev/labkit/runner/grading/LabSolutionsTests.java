package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.validate.BrokenVariant;
import dev.labkit.runner.validate.GradingOutcome;
import dev.labkit.runner.validate.LabValidator;
import dev.labkit.runner.validate.Problem;
import dev.labkit.runner.validate.Subject;
import dev.labkit.runner.validate.ValidationListener;
import dev.labkit.runner.validate.ValidationReport;
import dev.labkit.runner.validate.ValidationRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every checker suite is itself tested by grading for real (real Maven builds, real processes, the
 * real lab model), through {@code lab validate}'s validator: the reference solution scores full
 * marks, the scaffold scores low, and each broken variant fails exactly the checks it names. Plus
 * what validation does not cover: retrieval quality, and live checks with a real model behind.
 */
class LabSolutionsTests {

    @TempDir
    Path temp;

    private final Grader grader = new Grader(GradingListener.NONE, Clock.systemUTC());

    /**
     * Gradings at once. A grading mostly waits (on a silent model, an app restarting), so three
     * overlap well even on 2 cores; each has its own copy, port and lab model.
     */
    static final int GRADINGS_AT_ONCE = 3;

    /**
     * Labs whose scaffold is a working app rather than endpoints answering 501: lab 05 starts from a
     * plain lab-01-style chatbot that the learner makes fit for production (its brief, issue 13).
     */
    static final Set<String> WORKING_SCAFFOLDS = Set.of("05-production");

    /**
     * Lab 01's solution, scaffold and broken variants are graded once in CI, in GradeClassTests' class batch, which
     * judges each row as {@code lab validate} does; here lab 01 gets its static checks only.
     */
    static final String GRADED_AS_A_CLASS = "01-chatbot";

    /**
     * {@code lab validate} over every other lab of the repository, as one run: the static checks (suite,
     * brief's check table, variant files), then the reference solution (full marks on the contract
     * tier), the scaffold (builds, passes health, at most scaffold-max-score) and every broken
     * variant (fails exactly the checks and diagnoses it declares), all graded for real. One test per
     * lab and item, failing with the validator's problems and the grading's whole story.
     */
    @TestFactory
    Stream<DynamicTest> everyLabValidates() {
        List<LabManifest> labs = labs().filter(lab -> !lab.id().equals(GRADED_AS_A_CLASS)).toList();
        LabValidator validator = new LabValidator(grader, new PrintedProgress());
        LabManifest classLab = TestLabs.lab(GRADED_AS_A_CLASS);
        List<Problem> classLabProblems = validator.staticProblems(classLab);
        ValidationReport report = validator.validate(new ValidationRequest(labs, GRADINGS_AT_ONCE,
                temp.resolve("results")));
        assertThat(report.labs()).extracting(ValidationReport.LabReport::lab)
                .containsExactlyElementsOf(labs.stream().map(LabManifest::id).toList());
        labs().forEach(lab -> assertThat(BrokenVariant.files(lab.dir())).as(lab.id() + " ships broken variants")
                .isNotEmpty());
        return Stream.concat(Stream.of(staticChecks(GRADED_AS_A_CLASS, classLabProblems)),
                report.labs().stream().flatMap(lab -> Stream.concat(Stream.of(staticChecks(lab.lab(), lab.problems())),
                        lab.gradings().stream().map(grading -> DynamicTest.dynamicTest(
                                lab.lab() + "/" + grading.subject().name(), () -> assertAsExpected(grading))))));
    }

    private static DynamicTest staticChecks(String lab, List<Problem> problems) {
        return DynamicTest.dynamicTest(lab + "/static checks", () -> assertThat(problems)
                .as("static problems of " + lab).extracting(Problem::line).isEmpty());
    }

    private static void assertAsExpected(GradingOutcome grading) {
        String subject = grading.lab() + "'s " + grading.subject().name()
                + (grading.subject() instanceof Subject.Variant v ? " (" + v.variant().description() + ")" : "");
        String diagnosis = grading.result().map(result -> GradingDiagnosis.of(subject, result))
                .orElse(subject + ": not graded");
        assertThat(grading.problems()).as(diagnosis).extracting(Problem::line).isEmpty();
        if (grading.subject() instanceof Subject.Scaffold) {
            // A scaffold has no working page: its browser checks, where a browser ran them, all fail.
            assertThat(grading.result().orElseThrow().checks()).as(diagnosis)
                    .filteredOn(c -> c.tier().equals("browser") && c.status() != CheckStatus.SKIPPED)
                    .allSatisfy(c -> assertThat(c.status()).as(c.id()).isIn(CheckStatus.FAILED, CheckStatus.ERROR));
            List<String> diagnoses = grading.result().orElseThrow().diagnosis().stream().map(Diagnosis::id).toList();
            if (WORKING_SCAFFOLDS.contains(grading.lab())) {
                // A working app: nothing answers 501, so no report may blame missing endpoints.
                assertThat(diagnoses).as(diagnosis).doesNotContain("endpoint-missing");
            } else {
                // Its endpoints answer 501: the report opens with that, not with a dozen separate hints.
                assertThat(diagnoses).as(diagnosis).containsExactly("endpoint-missing");
            }
        }
    }

    /** A line per grading as it ends, so that the twenty minutes of gradings are never silent. */
    private static final class PrintedProgress implements ValidationListener {
        @Override
        public void gradingFinished(GradingOutcome outcome, int done, int total) {
            System.out.printf(Locale.ROOT, "[validate %d/%d] %s %s: %s in %.1f s%n", done, total, outcome.lab(),
                    outcome.subject().name(), outcome.asExpected() ? "as expected" : outcome.problems().size()
                            + " problems", outcome.duration().toMillis() / 1000.0);
            System.out.flush();
        }
    }

    /** Lab 02's reference retrieves well beyond the checks' bar of 85%, on both question sets. */
    @Test
    void ragReferenceRetrievesTheGoldDocumentForAtLeast90PercentOfBothSets() {
        LabManifest lab = TestLabs.lab("02-rag-assistant");

        GradeResult result = grader.grade(new GradeRequest(lab, lab.solution()));

        assertThat(result.status()).as(GradingDiagnosis.of("02-rag-assistant's reference solution", result))
                .isEqualTo(GradeStatus.PASSED);
        for (String check : List.of("rag.retrieval-recall", "rag.retrieval-hidden")) {
            CheckResult retrieval = result.checks().stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow();
            assertThat(retrieval.metrics().get("recall@4")).as(check).isGreaterThanOrEqualTo(0.9);
            assertThat(retrieval.metrics()).as(check).containsKeys("recall@1", "MRR");
        }
    }

    /**
     * Live checks run when a real model stands behind the lab model (--models url=...). The real
     * model is a second lab model here (mock: no Ollama can run in this build), reached over HTTP.
     */
    @Test
    void liveChecksRunWhenARealModelIsBehindTheLabModel() throws Exception {
        LabManifest lab = TestLabs.lab("01-chatbot");
        try (LabModelServer real = LabModelServer.start(new LabModelServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ModelScript(), new ModelTraffic(),
                Set.of("qwen2.5:0.5b"), Set.of()))) {

            GradeResult result = grader.grade(new GradeRequest(lab, lab.solution(),
                    new ModelProvider.OllamaUrl(real.baseUrl())));

            String diagnosis = GradingDiagnosis.of("01-chatbot's reference solution with a real model", result);
            assertThat(result.model().provider()).isEqualTo("ollama-url");
            assertThat(result.checks()).filteredOn(c -> c.tier().equals("live")).hasSize(2).as(diagnosis)
                    .allSatisfy(check -> assertThat(check.status()).as(check.message()).isEqualTo(CheckStatus.PASSED));
            assertThat(result.score()).as(diagnosis).isEqualTo(result.maxScore())
                    .isEqualTo(110 + BrowserPoints.ran(result));
        }
    }

    private static Stream<LabManifest> labs() {
        return dev.labkit.runner.catalog.Catalog.load(TestLabs.home().resolve("labs")).labs().stream();
    }
}
