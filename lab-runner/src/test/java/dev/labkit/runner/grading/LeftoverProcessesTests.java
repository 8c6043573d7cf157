package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.cli.LabCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case, for real: a build or an app that leaves a helper running, detached the way a
 * daemon does (fork, setsid, fork; apps/leaves-helpers), is stopped when grading ends, whichever way
 * it ends, and is named in the result; a helper that hunts for the JSON report cannot change it.
 */
class LeftoverProcessesTests {

    /** How often the report-hunting helper looks (helper-loop.sh), with a wide margin. */
    private static final Duration HELPER_PERIOD = Duration.ofMillis(200);
    private static final Duration WAIT_PAST_THE_HELPER = HELPER_PERIOD.multipliedBy(15);

    @TempDir
    Path temp;

    private final String token = UUID.randomUUID().toString();
    private Path app;

    @BeforeEach
    void copyTheAppWithAToken() throws IOException {
        app = Files.createDirectory(temp.resolve("app"));
        LeftHelpersFixture.copyApp(app, token);
    }

    @AfterEach
    void killHelpersLeftByAFailedTest() {
        LeftHelpersFixture.kill("labkit-helper-" + token);
    }

    private List<ProcessHandle> helpers() {
        return LeftHelpersFixture.running("labkit-helper-" + token);
    }

    private void submission(String yaml) throws IOException {
        Files.writeString(app.resolve("submission.yaml"), yaml);
    }

    /** The control: left alone, the helper does find the report and rewrites it within its period. */
    @Test
    void theHelperRewritesTheReportWhenNothingStopsIt() throws Exception {
        Path report = Files.writeString(temp.resolve("report-" + token + ".json"), "{\"score\": 10}");
        Process leave = new ProcessBuilder("sh", "leave-helper.sh", "report").directory(app.toFile()).start();
        assertThat(leave.waitFor()).isZero();

        long deadline = System.nanoTime() + WAIT_PAST_THE_HELPER.toNanos();
        while (!Files.readString(report).contains("\"score\": 100") && System.nanoTime() < deadline) {
            Thread.sleep(HELPER_PERIOD.toMillis());
        }
        assertThat(Files.readString(report)).as("the helper found and rewrote " + report).contains("\"score\": 100");
        assertThat(helpers()).as("the helper outlived the command that started it").isNotEmpty();
    }

    @Test
    void aBuildsHelperThatHuntsForTheReportCannotChangeIt() throws Exception {
        submission("build: sh leave-helper.sh report\nstart: exec java EchoApp.java\n");
        Path report = temp.resolve("report-" + token + ".json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LabCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "check", app.toString(),
                "--lab", "01-chatbot", "--models", "embedded", "--json", report.toString());

        byte[] written = Files.readAllBytes(report);
        Thread.sleep(WAIT_PAST_THE_HELPER.toMillis());
        assertThat(Files.readAllBytes(report)).as("the report, " + WAIT_PAST_THE_HELPER.toMillis()
                + " ms after lab check returned").isEqualTo(written);
        JsonNode json = new ObjectMapper().readTree(written);
        Matcher score = Pattern.compile("Score: (\\d+)/(\\d+)").matcher(out.toString());
        assertThat(score.find()).as(out + "\n" + err).isTrue();
        assertThat(json.get("score").asInt()).as("the JSON says what the runner computed and printed")
                .isEqualTo(Integer.parseInt(score.group(1))).isLessThan(100);
        assertThat(json.get("status").asText()).isEqualTo("failed");
        assertThat(exit).isEqualTo(1);
        assertThat(json.at("/cleanup/leftoverProcesses").asInt()).isEqualTo(json.at("/cleanup/leftovers").size())
                .isPositive();
        assertThat(json.at("/cleanup/leftovers").toString()).contains("build: ").contains("helper-loop.sh labkit-helper-" + token);
        assertThat(out.toString()).contains("the submission left running", "labkit-helper-" + token);
        assertThat(helpers()).as("helpers of the run still alive").isEmpty();
    }

    private GradeResult grade(LabManifest lab) {
        return new Grader(GradingListener.NONE, Clock.systemUTC()).grade(new GradeRequest(lab, app));
    }

    private static LabManifest sampleLab(Duration total) {
        return new LabManifest("99-sample", "Sample", 1, "", GraderSampleChecks.class.getName(),
                Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(3), total),
                TestLabs.home().resolve("labs/99-sample"));
    }

    @Test
    void anAppsDetachedHelperIsStoppedAndNamedWhenGradingEnds() throws IOException {
        submission("start: sh leave-helper.sh && exec java EchoApp.java\n");

        GradeResult result = grade(sampleLab(Duration.ofMinutes(5)));

        assertThat(result.checks()).filteredOn(c -> c.id().equals("health"))
                .allSatisfy(c -> assertThat(c.status()).as(c.message()).isEqualTo(CheckStatus.PASSED));
        assertThat(helpers()).as("helpers of the run still alive").isEmpty();
        assertLeftHelpers(result, "app: ");
        assertThat(result.cleanup().containment()).isNotEmpty();
    }

    @Test
    void nothingIsLeftWhenTheAppFailsToStart() throws IOException {
        submission("start: sh leave-helper.sh; echo 'cannot start'; exit 3\n");

        GradeResult result = grade(sampleLab(Duration.ofMinutes(5)));

        assertThat(result.status()).isEqualTo(GradeStatus.START_FAILED);
        assertThat(result.reason()).contains("exited with code 3");
        assertThat(helpers()).as("helpers of the run still alive").isEmpty();
        assertLeftHelpers(result, "app: ");
    }

    @Test
    void nothingIsLeftWhenTheTotalTimeLimitRunsOut() throws IOException {
        submission("start: sh leave-helper.sh && exec java EchoApp.java\n");

        GradeResult result = grade(sampleLab(Duration.ofSeconds(1)));

        assertThat(result.reason()).startsWith("the total time limit of 1 s (limits.total) ran out");
        assertThat(helpers()).as("helpers of the run still alive").isEmpty();
        assertLeftHelpers(result, "app: ");
    }

    /** Each helper is named (its sleep, if it was sleeping then, too), with the phase that left it. */
    private void assertLeftHelpers(GradeResult result, String phase) {
        assertThat(result.cleanup().leftovers()).as("leftovers in the result")
                .allSatisfy(left -> assertThat(left).startsWith(phase))
                .anySatisfy(left -> assertThat(left).contains("labkit-helper-" + token));
    }
}
