package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportTests {

    static final GradeResult RESULT = new GradeResult("01-chatbot", "labs/01-chatbot/solution", 20, 30,
            GradeStatus.FAILED, "", Instant.parse("2026-11-24T10:00:00Z"), 12_345,
            new GradeResult.ModelInfo("embedded", Map.of("chat", "qwen2.5:0.5b")), "process",
            List.of(
                    new CheckResult("health", "GET /health answers", "contract", CheckStatus.PASSED, 5, 5, "", "", 12,
                            "", false, metrics("recall@1", 0.8333, "recall@4", 1.0, "MRR", 0.9167)),
                    new CheckResult("chat.memory", "Remembers the session", "contract", CheckStatus.FAILED, 0, 10,
                            "the 2nd request should carry the 1st turn\nexpected: 3 messages", "Use a ChatMemory.",
                            40, "#1 ollama /api/chat model=qwen2.5:0.5b\n    user: hi <&> \u0001", false)
                            .withAppLog("model call failed: java.io.IOException: <boom>\n"),
                    new CheckResult("chat.secret", "Hidden one", "contract", CheckStatus.PASSED, 15, 15, "", "", 3,
                            "", true, metrics("secret-recall", 0.4242)),
                    new CheckResult("chat.hidden-fail", "Hidden failing", "contract", CheckStatus.FAILED, 0, 0,
                            "gold answer is 42", "look at doc 7", 3, "transcript with gold", true)
                            .withAppLog("asked about doc 7\n"),
                    new CheckResult("live.chat.persona", "Real model persona", "live", CheckStatus.SKIPPED, 0, 0,
                            "live check skipped: no real model", "", 0, "", false)),
            "", new GradeResult.Timings(4_000, 900, 7_000));

    @Test
    void jsonFollowsThePublicSchema() throws Exception {
        JsonNode json = json(Visibility.LEARNER);

        assertThat(json.fieldNames()).toIterable().containsExactly("schemaVersion", "lab", "submission", "score", "maxScore", "status",
                "reason", "startedAt", "durationMs", "model", "sandbox", "diagnosis", "checks", "log", "timings", "warnings",
                "cleanup");
        assertThat(json.get("warnings")).isEmpty();
        assertThat(json.get("diagnosis")).isEmpty();
        assertThat(json.get("sandbox").asText()).isEqualTo("process");
        assertThat(json.at("/timings/buildMs").asLong()).isEqualTo(4_000);
        assertThat(json.get("score").asInt()).isEqualTo(20);
        assertThat(json.get("maxScore").asInt()).isEqualTo(30);
        assertThat(json.get("status").asText()).isEqualTo("failed");
        assertThat(json.get("startedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(json.at("/model/provider").asText()).isEqualTo("embedded");
        assertThat(json.at("/model/names/chat").asText()).isEqualTo("qwen2.5:0.5b");
        JsonNode memory = json.get("checks").get(1);
        assertThat(memory.fieldNames()).toIterable().containsExactly("id", "title", "tier", "status", "points",
                "maxPoints", "message", "hint", "durationMs", "transcript", "log", "hidden", "metrics");
        assertThat(memory.get("log").asText()).isEqualTo("model call failed: java.io.IOException: <boom>\n");
        assertThat(json.at("/checks/0/log").asText()).as("a check that passed").isEmpty();
        assertThat(json.at("/checks/0/metrics/recall@4").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/checks/0/metrics").fieldNames()).toIterable().containsExactly("recall@1", "recall@4", "MRR");
        assertThat(memory.get("status").asText()).isEqualTo("failed");
        assertThat(memory.get("hint").asText()).isEqualTo("Use a ChatMemory.");
        assertThat(json.get("checks").get(4).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void learnersDoNotSeeTheDetailsOfHiddenChecksButInstructorsDo() throws Exception {
        JsonNode learner = json(Visibility.LEARNER).get("checks").get(3);
        JsonNode instructor = json(Visibility.INSTRUCTOR).get("checks").get(3);

        assertThat(learner.get("message").asText()).isEqualTo(Visibility.HIDDEN_NOTE);
        assertThat(learner.toString()).doesNotContain("42", "doc 7", "gold");
        assertThat(instructor.get("message").asText()).isEqualTo("gold answer is 42");
        assertThat(instructor.get("transcript").asText()).isEqualTo("transcript with gold");
        assertThat(learner.get("log").asText()).as("what the app printed during a hidden check").isEmpty();
        assertThat(instructor.get("log").asText()).isEqualTo("asked about doc 7\n");
        assertThat(json(Visibility.LEARNER).at("/checks/2/metrics").isEmpty()).as("a hidden check's metrics").isTrue();
        assertThat(json(Visibility.INSTRUCTOR).at("/checks/2/metrics/secret-recall").asDouble()).isEqualTo(0.4242);
    }

    @Test
    void junitXmlIsWellFormedAndCountsEachOutcome() throws Exception {
        StringWriter out = new StringWriter();
        new JunitXmlReport(Visibility.LEARNER).write(RESULT, out);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(5);
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("the 2nd request should carry the 1st turn");
        assertThat(failure.getTextContent()).contains("hint: Use a ChatMemory.", "user: hi <&>");
        assertThat(out.toString()).contains("name=\"score\" value=\"20\"");
    }

    @Test
    void consoleShowsEachCheckWithMessageHintTranscriptAndTheTotal() throws Exception {
        StringWriter out = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, true).write(RESULT, out);

        assertThat(out.toString())
                .contains("PASS health", "FAIL chat.memory", "0/10", "Remembers the session")
                .contains("the 2nd request should carry the 1st turn", "hint: Use a ChatMemory.")
                .contains("model transcript:", "user: hi <&>")
                .contains("         the app printed meanwhile:\n           model call failed: java.io.IOException: <boom>\n")
                .doesNotContain("asked about doc 7")
                .contains("SKIP live.chat.persona", "live check skipped: no real model")
                .contains("GET /health answers\n         recall@1 0.833  recall@4 1  MRR 0.917\n")
                .doesNotContain("secret-recall")
                .contains("\nScore: 20/30. 2 of 4 checks passed, 1 live check was skipped (graded in 12.3 s).\n")
                .doesNotContain("gold");
    }

    @Test
    void consoleShowsWhyABuildFailedWithTheEndOfTheLog() throws Exception {
        GradeResult failed = new GradeResult("01-chatbot", "mine", 0, 100, GradeStatus.BUILD_FAILED,
                "the build failed (mvn exited with 1): see the build log below", RESULT.startedAt(), 900,
                RESULT.model(), "process", List.of(), "[ERROR] App.java:[3,1] ';' expected\n", GradeResult.Timings.NONE);
        StringWriter out = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, true).write(failed, out);

        assertThat(out.toString()).contains("the build failed (mvn exited with 1)", "| [ERROR] App.java:[3,1] ';' expected",
                "Score: 0/100");
    }

    @Test
    void aBuildFailureSaysOnceThatNoCheckRanInsteadOfListingEachAsNotRun() throws Exception {
        List<CheckResult> notRun = List.of(
                new CheckResult("health", "GET /health answers", "contract", CheckStatus.FAILED, 0, 5,
                        "not run: the build failed", "", 0, "", false),
                new CheckResult("chat.reply", "Replies", "contract", CheckStatus.FAILED, 0, 95,
                        "not run: the build failed", "", 0, "", false),
                new CheckResult("live.chat.persona", "Real model persona", "live", CheckStatus.SKIPPED, 0, 0,
                        "not run: the build failed", "", 0, "", false));
        GradeResult failed = new GradeResult("01-chatbot", "mine", 0, 100, GradeStatus.BUILD_FAILED,
                "the build failed (mvn exited with 1): see the build log below", RESULT.startedAt(), 3_210,
                RESULT.model(), "process", notRun, "[ERROR] App.java:[3,1] ';' expected\n", GradeResult.Timings.NONE);
        StringWriter out = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, true).write(failed, out);

        assertThat(out.toString())
                .contains("  None of the 2 checks ran: the build failed. Fix that first (the lines above say why), "
                        + "then run lab check again.\n")
                .doesNotContain("not run", "FAIL", "SKIP")
                .endsWith("\nScore: 0/100. The build failed, so no check ran (graded in 3.2 s).\n");
    }

    @Test
    void theScoreLineIsASentence() {
        GradeResult passed = new GradeResult("01-chatbot", "mine", 100, 100, GradeStatus.PASSED, "",
                RESULT.startedAt(), 30_080, RESULT.model(), "process",
                List.of(RESULT.checks().get(0), RESULT.checks().get(2)), "", GradeResult.Timings.NONE);
        GradeResult notStarted = new GradeResult("01-chatbot", "mine", 0, 100, GradeStatus.START_FAILED, "x",
                RESULT.startedAt(), 61_000, RESULT.model(), "process", List.of(), "", GradeResult.Timings.NONE);

        assertThat(ConsoleReport.scoreLine(passed)).isEqualTo("Score: 100/100. Both checks passed (graded in 30.1 s).");
        assertThat(ConsoleReport.scoreLine(RESULT))
                .isEqualTo("Score: 20/30. 2 of 4 checks passed, 1 live check was skipped (graded in 12.3 s).");
        assertThat(ConsoleReport.scoreLine(notStarted))
                .isEqualTo("Score: 0/100. The app did not start, so no check ran (graded in 61.0 s).");
    }

    /** One cause behind several failures: first in the console, a field in JSON, a property in JUnit XML. */
    static final Diagnosis UNKNOWN_MODEL = new Diagnosis("unknown-model",
            "the model server has no model named \"llama3.2\"",
            "All 3 requests your app sent to the model asked for \"llama3.2\", a model the model server does not "
                    + "have: it answered 404 (model not found) each time, so 2 checks failed with it.",
            "Ask for the model the environment names: LAB_CHAT_MODEL (\"qwen2.5:0.5b\" in this run).",
            List.of("chat.memory", "chat.hidden-fail"));

    @Test
    void everyReportOpensWithTheDiagnosisAndTheChecksItExplainsPointToIt() throws Exception {
        List<CheckResult> explained = RESULT.checks().stream()
                .map(c -> UNKNOWN_MODEL.checks().contains(c.id()) ? c.withHint(UNKNOWN_MODEL.checkHint()) : c)
                .toList();
        GradeResult diagnosed = new GradeResult(RESULT.lab(), RESULT.submission(), 20, 30, GradeStatus.FAILED, "",
                RESULT.startedAt(), 12_345, RESULT.model(), "process", explained, "", RESULT.timings())
                .withDiagnosis(List.of(UNKNOWN_MODEL));
        StringWriter console = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, true).write(diagnosed, console);
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(diagnosed, json);
        StringWriter xml = new StringWriter();
        new JunitXmlReport(Visibility.LEARNER).write(diagnosed, xml);

        String text = console.toString();
        assertThat(text).contains("  Diagnosis: one cause explains 2 failed checks.\n"
                + "    All 3 requests your app sent to the model asked for \"llama3.2\"")
                .contains("    fix: Ask for the model the environment names: LAB_CHAT_MODEL (\"qwen2.5:0.5b\" in this run).\n"
                        + "    explains: chat.memory, chat.hidden-fail\n")
                .contains("hint: caused by the problem found above (the model server has no model named \"llama3.2\"):"
                        + " fix that first")
                .doesNotContain("Use a ChatMemory.");
        assertThat(text.indexOf("Diagnosis:")).isLessThan(text.indexOf("PASS health"));
        JsonNode cause = new ObjectMapper().readTree(json.toString()).get("diagnosis").get(0);
        assertThat(cause.fieldNames()).toIterable().containsExactly("id", "summary", "message", "hint", "checks");
        assertThat(cause.get("id").asText()).isEqualTo("unknown-model");
        assertThat(cause.get("checks").toString()).isEqualTo("[\"chat.memory\",\"chat.hidden-fail\"]");
        assertThat(new ObjectMapper().readTree(json.toString()).at("/checks/1/hint").asText())
                .isEqualTo(UNKNOWN_MODEL.checkHint());
        assertThat(xml.toString()).contains("name=\"diagnosis\" value=\"unknown-model: All 3 requests your app sent",
                "Explains: chat.memory, chat.hidden-fail\"");
    }

    @Test
    void everyReportNamesTheProcessesTheRunnerHadToKill() throws Exception {
        GradeResult left = RESULT.withCleanup(new GradeResult.ProcessCleanup("pid-namespace",
                List.of("build: sh helper.sh", "app: sleep 600")));
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(left, json);
        StringWriter xml = new StringWriter();
        new JunitXmlReport(Visibility.LEARNER).write(left, xml);
        StringWriter console = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, true).write(left, console);

        JsonNode cleanup = new ObjectMapper().readTree(json.toString()).get("cleanup");
        assertThat(cleanup.get("containment").asText()).isEqualTo("pid-namespace");
        assertThat(cleanup.get("leftoverProcesses").asInt()).isEqualTo(2);
        assertThat(cleanup.get("leftovers").toString()).isEqualTo("[\"build: sh helper.sh\",\"app: sleep 600\"]");
        assertThat(xml.toString()).contains("name=\"leftoverProcesses\" value=\"2\"",
                "name=\"leftover\" value=\"app: sleep 600\"", "name=\"containment\" value=\"pid-namespace\"");
        assertThat(console.toString()).contains("note: the runner killed 2 processes the submission left running"
                + " after the command that started them had ended:\n    build: sh helper.sh\n    app: sleep 600\n");
    }

    @Test
    void aRunThatLeftNothingSaysNothingAboutIt() throws Exception {
        StringWriter console = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, true).write(RESULT, console);
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(RESULT, json);

        assertThat(console.toString()).doesNotContain("killed");
        assertThat(new ObjectMapper().readTree(json.toString()).at("/cleanup/leftoverProcesses").asInt()).isZero();
    }

    private static Map<String, Double> metrics(Object... namesAndValues) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            metrics.put((String) namesAndValues[i], (Double) namesAndValues[i + 1]);
        }
        return metrics;
    }

    private static JsonNode json(Visibility visibility) throws Exception {
        StringWriter out = new StringWriter();
        new JsonReport(visibility).write(RESULT, out);
        return new ObjectMapper().readTree(out.toString());
    }
}
