package dev.labkit.labs.newlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.Fixtures;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * The checks of the lab's brief (README.md), one method each. A check asks for what it needs as
 * parameters: the app ({@link AppClient}), the lab model's script ({@link ModelScript}: when a
 * request matches, answer this), its recorder ({@link ModelTraffic}: what the app sent), the lab's
 * {@code fixtures/} ({@link Fixtures}) and more (see docs/authoring.md in LabKit).
 */
@LabChecks
public class NewLabChecks {

    @Check(id = "health", title = "GET /health answers 200 {\"status\":\"ok\"}", points = 10,
            hint = "Answer GET /health with status 200 and the JSON body {\"status\":\"ok\"}.")
    void health(AppClient app) {
        Expect.healthy(app);
    }

    @Check(id = "ask.answer", title = "POST /api/ask sends the question to LAB_CHAT_MODEL and answers its reply",
            points = 90, hint = "Send the question as the last user message to OLLAMA_BASE_URL's /api/chat, with the "
                    + "model named by LAB_CHAT_MODEL, and answer {\"answer\": <the model's reply, unchanged>}.")
    void answer(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures, LabEnvironment environment) {
        for (JsonNode entry : json(fixtures.read("questions.json"))) {
            String question = entry.path("question").asText();
            String reply = entry.path("reply").asText();
            // The script: the lab model answers this question with this reply, whatever else the request holds.
            model.when(Match.lastUserMessageContains(question)).reply(reply);

            AppResponse response = app.postJson("/api/ask", Map.of("question", question));
            Expect.that(response.status() == 200, () -> "POST /api/ask should answer 200, got " + response);

            // The recorder: what the app sent to the model for this question.
            ModelRequest request = traffic.lastChatRequest().orElseThrow(() -> Expect.fail("POST /api/ask "
                    + "{\"question\": \"" + question + "\"} sent no chat request to the model at OLLAMA_BASE_URL"));
            String expectedModel = environment.models().get("chat");
            Expect.that(expectedModel.equals(request.model()), () -> "the app asked for the model \""
                    + request.model() + "\", but LAB_CHAT_MODEL is \"" + expectedModel + "\"");
            Expect.that(request.lastUserMessage().equals(question), () -> "the model request should end with the "
                    + "question as the user asked it, but its last user message is \"" + request.lastUserMessage() + "\"");
            // The app's answer: the model's reply, unchanged.
            Expect.unchanged(response.text("answer"), reply, "answer");
        }
    }

    @Check(id = "live.ask.answer", title = "With a real model: Pip answers a simple question", points = 5,
            tier = Tier.LIVE, models = {"chat"}, hint = "Give the model the visitor's question as the last user "
                    + "message, and answer with its reply.")
    void liveAnswer(AppClient app) {
        AppResponse response = app.withTimeout(Duration.ofSeconds(120))
                .postJson("/api/ask", Map.of("question", "What is the capital of France? Answer in one word."));
        Expect.that(response.status() == 200, () -> "POST /api/ask should answer 200, got " + response);
        Expect.that(response.text("answer").toLowerCase(java.util.Locale.ROOT).contains("paris"), () ->
                "asked for the capital of France, a real model should say Paris; Pip said: "
                        + AppClient.shorten(response.text("answer")));
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("fixtures/questions.json is not JSON", e);
        }
    }
}
