package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules that find one cause behind several failed checks, on evidence as checks publish it.
 * Real gradings of the lab 01 variants (unknown-model-name, model-url-ignored, plain-text-replies)
 * and of the scaffolds prove the same end to end, in LabSolutionsTests.
 */
class DiagnoserTests {

    private static final Map<String, String> MODELS = Map.of("chat", "qwen2.5:0.5b");
    private static final String MODEL_URL = "http://127.0.0.1:40000";

    private final List<CheckResult> results = new java.util.ArrayList<>();
    private final Map<String, CheckEvidence> evidence = new LinkedHashMap<>();

    @Test
    void aModelNameTheServerDoesNotHaveExplainsEveryCheckWhoseRequestsItRefused() {
        failed("chat.reply", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"), refused("llama3.2"));
        failed("chat.memory", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"), refused("llama3.2"),
                refused("llama3.2"));
        passed("health", app("GET /health", 200, "{\"status\":\"ok\"}"));

        List<Diagnosis> found = diagnose();

        assertThat(found).hasSize(1);
        Diagnosis cause = found.get(0);
        assertThat(cause.id()).isEqualTo("unknown-model");
        assertThat(cause.checks()).containsExactly("chat.reply", "chat.memory");
        assertThat(cause.message()).isEqualTo("All 3 requests your app sent to the model asked for \"llama3.2\", a "
                + "model the model server does not have: it answered 404 (model not found) each time, so 2 checks "
                + "failed with it.");
        assertThat(cause.hint()).isEqualTo("Ask for the model the environment names: LAB_CHAT_MODEL (\"qwen2.5:0.5b\" "
                + "in this run). Read it from the environment; never hard-code a model name.");
    }

    @Test
    void oneFailedCheckIsItsOwnExplanation() {
        failed("chat.reply", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"), refused("llama3.2"));
        passed("chat.memory", app("POST /api/chat", 200, "{\"reply\":\"hi\"}"), served("qwen2.5:0.5b"));

        assertThat(diagnose()).isEmpty();
    }

    @Test
    void endpointsThatNeverAnswerAnythingBut404Or501AreNotImplemented() {
        failed("chat.reply", app("POST /api/chat", 501, "{\"error\":\"Not implemented yet\"}"));
        failed("chat.streaming", app("POST /api/chat/stream", 501, "{\"error\":\"Not implemented yet\"}"));
        // A 404 for one session id, while another id answered 204: the endpoint exists; ids are {id}.
        failed("chat.session-reset", app("POST /api/chat", 501, ""), app("DELETE /api/sessions/reset-1", 404, ""));
        passed("chat.cleanup", app("DELETE /api/sessions/other-2", 204, ""));

        List<Diagnosis> found = diagnose();

        assertThat(found).extracting(Diagnosis::id).containsExactly("endpoint-missing");
        assertThat(found.get(0).checks()).containsExactly("chat.reply", "chat.streaming", "chat.session-reset");
        assertThat(found.get(0).message()).isEqualTo("Your app answers POST /api/chat (501), POST /api/chat/stream "
                + "(501) every time it is asked: not implemented yet, so 3 checks could not test anything else.");
        assertThat(found.get(0).hint()).startsWith("Implement POST /api/chat and POST /api/chat/stream as the "
                + "brief's contract says");
    }

    @Test
    void answersThatAreNotJsonAreQuotedWithTheirFirstCharactersEscaped() {
        failed("chat.reply", app("POST /api/chat", 200, "Prune in\nlate \"winter\"", "text/plain"));
        failed("chat.memory", app("POST /api/chat", 200, "Hello", "text/plain"));
        // A page is HTML by contract, not a JSON answer of the API.
        failed("chat.web-ui", app("GET /", 200, "<html>", "text/html"));

        List<Diagnosis> found = diagnose();

        assertThat(found).extracting(Diagnosis::id).containsExactly("not-json");
        assertThat(found.get(0).checks()).containsExactly("chat.reply", "chat.memory");
        assertThat(found.get(0).message()).isEqualTo("Your app's answers are not JSON: POST /api/chat answered 200 "
                + "\"Prune in\\nlate \\\"winter\\\"\" (text/plain), so 2 checks could not read them.");
        assertThat(found.get(0).hint()).startsWith("Answer POST /api/chat with a JSON object and Content-Type: "
                + "application/json");
    }

    @Test
    void theLabsHealthPathIsPartOfTheJsonApiAndPlainHealthIsNotThen() {
        failed("prod.health", app("GET /health/ready", 200, "UP", "text/plain"));
        failed("prod.readiness", app("GET /health/ready", 200, "UP", "text/plain"));
        failed("prod.other", app("GET /health", 200, "ok", "text/plain"));

        List<Diagnosis> found = new Diagnoser(results, evidence, MODELS, MODEL_URL, "/health/ready").diagnose();

        assertThat(found).extracting(Diagnosis::id).contains("not-json");
        assertThat(found.get(0).checks()).containsExactly("prod.health", "prod.readiness");
        assertThat(found.get(0).message()).startsWith("Your app's answers are not JSON: GET /health/ready answered 200");
    }

    @Test
    void eventStreamsThatBreakTheSseFormatAreQuotedWithTheRuleTheyBroke() {
        String rule = "no event was ended: each event ends with a blank line (two line ends in a row), the last one too";
        failed("chat.streaming", new CheckEvidence.AppCall("POST /api/chat/stream", 200, "text/event-stream", "n/a",
                "data: {\"delta\":\"Water \"}\n", "", rule), served("qwen2.5:0.5b"));
        failed("chat.stream-errors", new CheckEvidence.AppCall("POST /api/chat/stream", 200, "text/event-stream",
                "n/a", "data: {\"delta\":\"a\"}\n", "", rule), served("qwen2.5:0.5b"));
        // A well-formed stream is no evidence.
        failed("chat.other", new CheckEvidence.AppCall("POST /api/chat/stream", 200, "text/event-stream", "n/a",
                "data: {}\n\n", "", ""), served("qwen2.5:0.5b"));

        List<Diagnosis> found = diagnose();

        assertThat(found).extracting(Diagnosis::id).containsExactly("event-stream-broken");
        assertThat(found.get(0).checks()).containsExactly("chat.streaming", "chat.stream-errors");
        assertThat(found.get(0).message()).isEqualTo("Your app's event streams cannot be read: POST /api/chat/stream "
                + "sent \"data: {\\\"delta\\\":\\\"Water \\\"}\\n\"; rule broken: " + rule + ". So 2 checks "
                + "could not read its events.");
    }

    @Test
    void anAppThatNeverCalledTheModelIsToldWhereTheModelIs() {
        failed("chat.reply", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"));
        failed("chat.memory", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"));
        passed("health", app("GET /health", 200, "{\"status\":\"ok\"}"));

        List<Diagnosis> found = diagnose();

        assertThat(found).extracting(Diagnosis::id).containsExactly("no-model-requests");
        assertThat(found.get(0).message()).contains("OLLAMA_BASE_URL (" + MODEL_URL + ")", "so 2 checks failed");
    }

    @Test
    void aModelRequestInAnyCheckMeansTheAppCanCallTheModel() {
        failed("chat.reply", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"));
        failed("chat.memory", app("POST /api/chat", 502, "{\"error\":\"unavailable\"}"));
        passed("chat.system-prompt", app("POST /api/chat", 200, "{\"reply\":\"hi\"}"), served("qwen2.5:0.5b"));

        assertThat(diagnose()).isEmpty();
    }

    @Test
    void anAppThatStoppedAnsweringIsNamedOnceNotOncePerCheck() {
        passed("health", app("GET /health", 200, "{\"status\":\"ok\"}"));
        failed("chat.memory", app("POST /api/chat", 200, "{\"reply\":\"a\"}"), unanswered("POST /api/chat"));
        failed("chat.reply", unanswered("POST /api/chat"));
        failed("chat.streaming", unanswered("POST /api/chat/stream"));

        List<Diagnosis> found = diagnose();

        assertThat(found).extracting(Diagnosis::id).containsExactly("app-stopped");
        assertThat(found.get(0).message()).startsWith("From check chat.memory on, your app refused connections");
    }

    @Test
    void theCheckAnAppStoppedInIsExplainedWithTheChecksThatFoundItGone() {
        failed("chat.model-error", new CheckEvidence.AppCall("POST /api/chat", 0, "", "n/a", "",
                "failed: the app closed the connection or sent an invalid answer (IOException)"));
        failed("chat.model-name", unanswered("POST /api/chat"));
        failed("chat.reply", unanswered("POST /api/chat"));

        List<Diagnosis> found = diagnose();

        assertThat(found.get(0).checks()).containsExactly("chat.model-error", "chat.model-name", "chat.reply");
        assertThat(found.get(0).message()).isEqualTo("During check chat.model-error your app stopped answering (its "
                + "answer broke off), and from then on it refused connections, so 3 checks failed with it.");
    }

    @Test
    void eachFailedCheckIsExplainedByOneCauseTheMostFundamental() {
        // A wrong model name makes every answer a 502 whose body is not JSON: the model name comes first.
        failed("chat.reply", app("POST /api/chat", 502, "Bad Gateway", "text/plain"), refused("llama3.2"));
        failed("chat.memory", app("POST /api/chat", 502, "Bad Gateway", "text/plain"), refused("llama3.2"));
        failed("chat.validation", app("POST /api/chat", 400, "bad request", "text/plain"));
        failed("chat.web-ui", app("POST /api/chat", 400, "bad request", "text/plain"));

        List<Diagnosis> found = diagnose();

        assertThat(found).extracting(Diagnosis::id).containsExactly("unknown-model", "not-json");
        assertThat(found.get(0).checks()).containsExactly("chat.reply", "chat.memory");
        assertThat(found.get(1).checks()).containsExactly("chat.validation", "chat.web-ui");
        List<CheckResult> explained = Diagnoser.explain(results, found);
        assertThat(explained).extracting(CheckResult::hint).containsExactly(found.get(0).checkHint(),
                found.get(0).checkHint(), found.get(1).checkHint(), found.get(1).checkHint());
    }

    @Test
    void evidenceIsReadAsTheSdkPublishesItAndUnreadableEvidenceIsNone() {
        CheckEvidence read = CheckEvidence.parse("{\"app\":[{\"request\":\"POST /api/chat\",\"status\":200,"
                + "\"contentType\":\"application/json\",\"json\":\"yes\",\"body\":\"{}\"}],"
                + "\"model\":[{\"endpoint\":\"/api/chat\",\"model\":\"x\",\"status\":404,\"rule\":\"no such model\"}]}");

        assertThat(read.app()).containsExactly(new CheckEvidence.AppCall("POST /api/chat", 200, "application/json",
                "yes", "{}", ""));
        assertThat(read.model().get(0).unknownModel()).isTrue();
        assertThat(CheckEvidence.parse("{not json")).isEqualTo(CheckEvidence.NONE);
        assertThat(new CheckEvidence.AppCall("GET /api/documents/doc-42?x=1", 404, "", "n/a", "", "").endpoint())
                .isEqualTo("GET /api/documents/{id}");
        assertThat(new CheckEvidence.AppCall("POST /api/ask (sessionId=\"audio-check-1\", audio=not-a-wav.wav"
                + " (audio/wav, 102 bytes))", 501, "", "n/a", "", "").endpoint())
                .as("a form's parts are not its path").isEqualTo("POST /api/ask");
        assertThat(new CheckEvidence.AppCall("GET / -> /static/index.html", 404, "", "n/a", "", "").endpoint())
                .isEqualTo("GET /");
    }

    private List<Diagnosis> diagnose() {
        return new Diagnoser(results, evidence, MODELS, MODEL_URL).diagnose();
    }

    private void failed(String id, Object... calls) {
        record(id, CheckStatus.FAILED, calls);
    }

    private void passed(String id, Object... calls) {
        record(id, CheckStatus.PASSED, calls);
    }

    private void record(String id, CheckStatus status, Object... calls) {
        results.add(new CheckResult(id, id, "contract", status, 0, 5, "", "its own hint", 1, "", false));
        List<CheckEvidence.AppCall> app = new java.util.ArrayList<>();
        List<CheckEvidence.ModelCall> model = new java.util.ArrayList<>();
        for (Object call : calls) {
            if (call instanceof CheckEvidence.AppCall a) {
                app.add(a);
            } else {
                model.add((CheckEvidence.ModelCall) call);
            }
        }
        evidence.put(id, new CheckEvidence(app, model));
    }

    private static CheckEvidence.AppCall app(String request, int status, String body) {
        return app(request, status, body, "application/json");
    }

    private static CheckEvidence.AppCall app(String request, int status, String body, String contentType) {
        String json = body.isBlank() ? "n/a" : body.startsWith("{") ? "yes" : "no";
        return new CheckEvidence.AppCall(request, status, contentType, json, body, "");
    }

    private static CheckEvidence.AppCall unanswered(String request) {
        return new CheckEvidence.AppCall(request, 0, "", "n/a", "", "connection refused: is the app still running "
                + "and listening on PORT?");
    }

    private static CheckEvidence.ModelCall refused(String model) {
        return new CheckEvidence.ModelCall("/api/chat", model, 404, "no such model");
    }

    private static CheckEvidence.ModelCall served(String model) {
        return new CheckEvidence.ModelCall("/api/chat", model, 200, "default");
    }
}
