package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.provision.ModelProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every checker suite is itself tested by grading for real (real Maven builds, real processes, the
 * real lab model): the reference solution scores full marks, the scaffold scores low, and each
 * broken variant fails exactly the checks it names.
 */
class LabSolutionsTests {

    /** The most a scaffold may score: it compiles and answers /health, little else. */
    static final int SCAFFOLD_MAX_SCORE = 10;

    @TempDir
    Path temp;

    private final Grader grader = new Grader(GradingListener.NONE, Clock.systemUTC());

    @TestFactory
    Stream<DynamicTest> referenceSolutionsScoreFullMarksOnTheContractTier() {
        return labs().map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
            GradeResult result = grader.grade(new GradeRequest(lab, lab.solution()));
            String diagnosis = GradingDiagnosis.of(lab.id() + "'s reference solution", result);

            assertThat(result.checks()).filteredOn(c -> c.tier().equals("contract")).as(diagnosis)
                    .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.PASSED));
            assertThat(result.score()).as(diagnosis).isEqualTo(result.maxScore());
            assertThat(result.status()).as(diagnosis).isEqualTo(GradeStatus.PASSED);
            assertThat(result.checks()).filteredOn(c -> c.tier().equals("live")).as(diagnosis)
                    .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.SKIPPED));
        }));
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
            assertThat(result.score()).as(diagnosis).isEqualTo(result.maxScore()).isEqualTo(110);
        }
    }

    @TestFactory
    Stream<DynamicTest> scaffoldsBuildStartAndScoreLow() {
        return labs().map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
            GradeResult result = grader.grade(new GradeRequest(lab, lab.scaffold()));
            String diagnosis = GradingDiagnosis.of(lab.id() + "'s scaffold", result);

            assertThat(result.status()).as(diagnosis).isEqualTo(GradeStatus.FAILED);
            assertThat(result.checks()).filteredOn(c -> c.id().equals("health")).as(diagnosis)
                    .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.PASSED));
            assertThat(result.score()).as(diagnosis).isLessThanOrEqualTo(SCAFFOLD_MAX_SCORE);
            // Its endpoints answer 501: the report opens with that, not with a dozen separate hints.
            assertThat(result.diagnosis()).as(diagnosis).extracting(Diagnosis::id).containsExactly("endpoint-missing");
        }));
    }

    /**
     * Broken variants graded at the same time. A grading mostly waits (on a silent model, an app
     * restarting), so three overlap well even on 2 cores; each has its own copy, port and lab model.
     */
    static final int VARIANTS_AT_ONCE = 3;

    @TestFactory
    Stream<DynamicTest> brokenVariantsFailExactlyTheirChecks() throws IOException {
        List<BrokenVariant> variants = BrokenVariant.all(TestLabs.home().resolve("labs"));
        assertThat(variants).as("every lab ships broken variants").isNotEmpty();
        ExecutorService graders = Executors.newFixedThreadPool(VARIANTS_AT_ONCE, runnable -> {
            Thread thread = new Thread(runnable, "variant-grader");
            thread.setDaemon(true);
            return thread;
        });
        Map<BrokenVariant, Future<GradeResult>> graded = new LinkedHashMap<>();
        for (BrokenVariant variant : variants) {
            graded.put(variant, graders.submit(() -> {
                LabManifest lab = TestLabs.lab(variant.lab());
                // Labs may name variants alike (model-errors-as-500 in labs 02 and 03): one folder per lab.
                Path app = variant.applyTo(lab.solution(),
                        Files.createDirectories(temp.resolve(variant.lab()).resolve(variant.name())));
                return grader.grade(new GradeRequest(lab, app));
            }));
        }
        graders.shutdown();
        return variants.stream().map(variant -> DynamicTest.dynamicTest(variant.toString(), () -> {
            GradeResult result = resultOf(graded.get(variant));

            Set<String> failed = result.checks().stream()
                    .filter(c -> c.status() == CheckStatus.FAILED || c.status() == CheckStatus.ERROR)
                    .map(CheckResult::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            String diagnosis = GradingDiagnosis.of("broken variant " + variant + " (" + variant.description() + ")",
                    result);
            assertThat(result.status()).as(diagnosis).isEqualTo(GradeStatus.FAILED);
            assertThat(failed).as(diagnosis).isEqualTo(variant.fails());
            // A cause named where there is none would send the learner the wrong way: the set is exact.
            assertThat(result.diagnosis()).as(diagnosis).extracting(Diagnosis::id)
                    .containsExactlyInAnyOrderElementsOf(variant.diagnosis());
            for (Diagnosis cause : result.diagnosis()) {
                assertThat(result.checks()).filteredOn(c -> cause.checks().contains(c.id())).as(diagnosis)
                        .allSatisfy(c -> assertThat(c.hint()).isEqualTo(cause.checkHint()));
            }
        }));
    }

    /** The grading's result, or what went wrong in it as the test's own failure. */
    private static GradeResult resultOf(Future<GradeResult> grading) throws Exception {
        try {
            return grading.get(30, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Stream<LabManifest> labs() {
        return dev.labkit.runner.catalog.Catalog.load(TestLabs.home().resolve("labs")).labs().stream();
    }
}
