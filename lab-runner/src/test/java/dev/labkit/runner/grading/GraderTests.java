package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The grading engine end to end on a small app and a sample suite: every way a check can end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraderTests {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private GradeResult result;
    private Map<String, CheckResult> checks;
    private final List<String> events = new ArrayList<>();

    private static LabManifest sampleLab() {
        return new LabManifest("99-sample", "Sample", 1, "", GraderSampleChecks.class.getName(),
                Map.of("chat", "tiny-model"), Map.of("LAB_EXTRA", "x"),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)),
                TestLabs.home().resolve("labs/99-sample"));
    }

    @BeforeAll
    void gradeTheEchoAppOnce() {
        LabManifest lab = sampleLab();
        GradingListener listener = new GradingListener() {
            @Override
            public void phaseStarted(String phase, String description) {
                events.add("start " + phase);
            }

            @Override
            public void phaseFinished(String phase, boolean ok) {
                events.add("end " + phase + " " + ok);
            }

            @Override
            public void checkFinished(CheckResult check, int done, int total) {
                events.add("check " + done + "/" + total);
            }
        };
        result = new Grader(listener, Clock.fixed(NOW, ZoneOffset.UTC))
                .grade(new GradeRequest(lab, TestLabs.app("echo")));
        checks = result.checks().stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    @Test
    void passingChecksEarnTheirPoints() {
        assertThat(checks.get("health").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(checks.get("sample.scripted-reply").status())
                .as(checks.get("sample.scripted-reply").message()).isEqualTo(CheckStatus.PASSED);
        assertThat(checks.get("sample.restart").status()).as(checks.get("sample.restart").message())
                .isEqualTo(CheckStatus.PASSED);
    }

    /**
     * From a learner pack (which leaves out what hidden checks read) a hidden check is withheld: not
     * run, no points, its points still in the total, and the grade is not failed for it.
     */
    @Test
    void aLearnerEditionWithholdsHiddenChecksAndKeepsTheirPointsInTheTotal() {
        GradeResult learner = new Grader(GradingListener.NONE, Clock.fixed(NOW, ZoneOffset.UTC))
                .grade(new GradeRequest(sampleLab().asLearnerEdition(), TestLabs.app("echo")));
        CheckResult secret = learner.checks().stream().filter(c -> c.id().equals("sample.secret")).findFirst()
                .orElseThrow();

        assertThat(secret.status()).isEqualTo(CheckStatus.WITHHELD);
        assertThat(secret.points()).isZero();
        assertThat(secret.maxPoints()).isEqualTo(2);
        assertThat(secret.message()).startsWith("hidden check, withheld: a learner pack leaves out what it reads");
        assertThat(learner.maxScore()).isEqualTo(result.maxScore());
        assertThat(learner.score()).as("the other checks grade as in the full edition").isEqualTo(result.score());
        assertThat(checks.get("sample.secret").status()).as("the full edition runs it").isEqualTo(CheckStatus.FAILED);
    }

    @Test
    void aFailedCheckCarriesItsMessageHintAndTheModelTranscript() {
        CheckResult wrong = checks.get("sample.wrong");

        assertThat(wrong.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(wrong.message()).contains("the reply should be about mulch");
        assertThat(wrong.hint()).isEqualTo("Look at the transcript.");
        assertThat(wrong.transcript()).contains("#1 ollama /api/chat model=tiny-model", "user: What feeds soil?",
                "=> assistant: Compost.");
    }

    @Test
    void aHangingCheckIsCutOffAtTheCheckLimit() {
        CheckResult hangs = checks.get("sample.hangs");

        assertThat(hangs.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(hangs.message()).isEqualTo("the check did not finish within 5 s (limits.check): the app may be hanging");
        assertThat(hangs.durationMs()).isLessThan(30_000);
    }

    @Test
    void aCheckCutOffWhileItRestartsTheAppLeavesTheNextChecksTheAppAsTheGraderStartedIt() {
        CheckResult cutOff = checks.get("sample.cut-off-restart");

        assertThat(cutOff.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(cutOff.message()).startsWith("the check did not finish within 5 s");
        assertThat(result.warnings()).containsExactly("a check was cut off while it restarted the app: the app was"
                + " started again as the grader starts it before the next check");
        assertThat(checks.get("sample.scripted-reply").status()).as(checks.get("sample.scripted-reply").message())
                .isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aCrashingCheckIsAnErrorWorthNothing() {
        assertThat(checks.get("sample.crashes").status()).isEqualTo(CheckStatus.ERROR);
        assertThat(checks.get("sample.crashes").message())
                .isEqualTo("the check crashed (IllegalStateException: checker bug)");
    }

    @Test
    void liveChecksAreSkippedWithoutARealModelAndDoNotLowerTheScore() {
        CheckResult live = checks.get("live.sample");

        assertThat(live.status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(live.message()).startsWith("live check skipped: no real model is available");
        assertThat(live.maxPoints()).isZero();
    }

    @Test
    void checksSeeStartupTrafficAndTheirMetricsReachTheResult() {
        CheckResult startup = checks.get("sample.startup");

        assertThat(startup.status()).as(startup.message()).isEqualTo(CheckStatus.PASSED);
        assertThat(startup.metrics()).containsExactly(Map.entry("warm-ups", 1.0), Map.entry("ratio", 0.5));
        assertThat(checks.get("health").metrics()).isEmpty();
    }

    @Test
    void theScoreAddsUpAndTheRunIsDescribed() {
        assertThat(result.score()).isEqualTo(5 + 10 + 4 + 1);
        assertThat(result.maxScore()).isEqualTo(5 + 10 + 3 + 2 + 1 + 4 + 2 + 1 + 2);
        assertThat(result.status()).isEqualTo(GradeStatus.FAILED);
        assertThat(result.startedAt()).isEqualTo(NOW);
        assertThat(result.model().provider()).isEqualTo("embedded");
        assertThat(result.model().names()).containsEntry("chat", "tiny-model");
        assertThat(result.timings().startMs()).isPositive();
        assertThat(result.checks()).extracting(CheckResult::id).as("checks run and are reported in CheckOrder")
                .containsExactly("health", "sample.crashes", "sample.cut-off-restart", "sample.hangs", "sample.restart",
                        "sample.scripted-reply", "sample.secret", "sample.startup", "sample.wrong", "live.sample");
        assertThat(events).startsWith("start build", "end build true", "start start", "end start true",
                "start checks").endsWith("check 10/10", "end checks true");
    }

    @Test
    void hiddenChecksKeepTheirDetailsInTheResultForInstructors() {
        assertThat(checks.get("sample.secret").hidden()).isTrue();
        assertThat(checks.get("sample.secret").message()).contains("the gold answer");
    }

    @Test
    void theAppIsStoppedAndItsCopyDeletedAfterGrading() throws Exception {
        assertThat(Path.of(result.submission())).exists();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("no app process is left running").isZero();
    }

    /**
     * An interrupt of the grading thread (a cancelled run, or one its caller left set) is the runner's
     * fault: the submission is not given BUILD_FAILED for it, and nothing is left running.
     */
    @Test
    void anInterruptedGradingIsTheRunnersFaultNotABuildFailure() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new Grader(GradingListener.NONE, Clock.systemUTC())
                    .grade(new GradeRequest(sampleLab(), TestLabs.app("echo"))))
                    .isInstanceOf(LabException.class)
                    .hasMessageStartingWith("grading was interrupted while the submission built: nothing was graded");
        } finally {
            Thread.interrupted();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("no build process is left running").isZero();
    }

    /** The learner fixes the submission.yaml in their folder, not in the run's temporary copy. */
    @Test
    void aBadSubmissionYamlIsNamedByItsPathInTheLearnersFolder(@org.junit.jupiter.api.io.TempDir Path app)
            throws Exception {
        java.nio.file.Files.writeString(app.resolve("submission.yaml"), "run: node server.js\n");

        GradeResult bad = new Grader(GradingListener.NONE, Clock.systemUTC()).grade(new GradeRequest(sampleLab(), app));

        assertThat(bad.status()).isEqualTo(GradeStatus.BUILD_FAILED);
        assertThat(bad.reason()).isEqualTo(app.toAbsolutePath().resolve("submission.yaml")
                + ": unknown field 'run' (it may set build and start)");
    }
}
