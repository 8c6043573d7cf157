package dev.labkit.checks.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lab 03's API as a user would call it. The answer is read in every form the brief allows: keys in
 * any order, extra keys ignored, {@code steps} null or absent when there were none, and for each
 * step an absent value written as null, {@code ""} or a missing key.
 */
final class AgentClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tool call the app reports.
     *
     * @param tool the tool's name, as the model asked for it
     * @param arguments the arguments as a JSON object (the app may write them as an object or as
     *     the JSON text of one); any other value is kept as it is
     * @param result what the call returned: the text, or the JSON text of another JSON value; null
     *     when the app wrote none (null, or no key), as it may for a failed call
     * @param error what went wrong; null when the call worked (the app wrote null, {@code ""} or no key)
     */
    record Step(String tool, JsonNode arguments, String result, String error) {
        boolean failed() {
            return error != null;
        }

        /** Whether the call worked and its result holds {@code text}. */
        boolean returned(String text) {
            return !failed() && result != null && result.contains(text);
        }

        /** An argument's text, or {@code ""} when there is no such string argument. */
        String argument(String name) {
            JsonNode value = arguments.path(name);
            return value.isTextual() ? value.asText() : "";
        }

        @Override
        public String toString() {
            return "{tool=" + tool + ", arguments=" + arguments + ", result="
                    + (result == null ? null : AppClient.shorten(result)) + ", error=" + error + "}";
        }
    }

    /** What {@code POST /api/agent} answered. */
    record Run(String answer, String stoppedReason, List<Step> steps) {}

    private final AppClient app;

    AgentClient(AppClient app) {
        this.app = app;
    }

    Run run(String task, boolean allowWrites) {
        return read(app.postJson("/api/agent", Map.of("task", task, "allowWrites", allowWrites)));
    }

    /** Reads an answer of {@code POST /api/agent}; a learner-facing failure when it breaks the brief. */
    static Run read(AppResponse response) {
        Expect.that(response.status() == 200, () -> "POST /api/agent should answer 200 {\"answer\",\"stoppedReason\","
                + "\"steps\"}, got " + response.status() + " " + AppClient.shorten(response.body()));
        String answer = response.text("answer");
        String stoppedReason = response.text("stoppedReason");
        JsonNode steps = response.json().path("steps");
        Expect.that(steps.isArray() || steps.isNull() || steps.isMissingNode(), () -> "\"steps\" should be a JSON "
                + "array of the tool calls (it may be null or left out when there were none), got "
                + AppClient.shorten(steps.toString()));
        List<Step> parsed = new ArrayList<>();
        for (JsonNode step : steps) {
            parsed.add(step(step, parsed.size()));
        }
        return new Run(answer, stoppedReason, parsed);
    }

    private static Step step(JsonNode step, int index) {
        String where = "steps[" + index + "]";
        Expect.that(step.path("tool").isTextual(), () -> where + " should be an object {\"tool\", \"arguments\", "
                + "\"result\", \"error\"} whose \"tool\" is the tool's name, got "
                + AppClient.shorten(step.toString()));
        JsonNode error = step.path("error");
        Expect.that(error.isTextual() || error.isNull() || error.isMissingNode(), () -> where + ".error should be "
                + "null (or left out) when the call worked, and a text saying what went wrong when it failed; got "
                + AppClient.shorten(error.toString()));
        JsonNode result = step.path("result");
        String resultText = result.isNull() || result.isMissingNode() ? null
                : result.isTextual() ? result.asText() : result.toString();
        return new Step(step.get("tool").asText(), arguments(step.path("arguments")), resultText,
                error.isTextual() && !error.asText().isBlank() ? error.asText() : null);
    }

    /** Arguments as an object, also when written as JSON text (OpenAI's API gives them so). */
    private static JsonNode arguments(JsonNode arguments) {
        if (arguments.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(arguments.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JacksonException e) {
                // Not JSON: kept as the text it is; checks that need an argument say what they got.
            }
        }
        return arguments;
    }
}
