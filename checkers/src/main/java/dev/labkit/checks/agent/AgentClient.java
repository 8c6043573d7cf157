package dev.labkit.checks.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lab 03's API as a user would call it. */
final class AgentClient {

    /** One tool call the app reports. */
    record Step(String tool, JsonNode arguments, String result, String error) {
        boolean failed() {
            return error != null && !error.isBlank();
        }
    }

    /** What {@code POST /api/agent} answered. */
    record Run(String answer, String stoppedReason, List<Step> steps) {}

    private final AppClient app;

    AgentClient(AppClient app) {
        this.app = app;
    }

    Run run(String task, boolean allowWrites) {
        AppResponse response = app.postJson("/api/agent", Map.of("task", task, "allowWrites", allowWrites));
        Expect.that(response.status() == 200, () -> "POST /api/agent should answer 200 {\"answer\",\"stoppedReason\","
                + "\"steps\"}, got " + response.status() + " " + AppClient.shorten(response.body()));
        String answer = response.text("answer");
        String stoppedReason = response.text("stoppedReason");
        JsonNode steps = response.json().get("steps");
        Expect.that(steps != null && steps.isArray(), () -> "POST /api/agent should answer a JSON array \"steps\", got "
                + AppClient.shorten(response.body()));
        List<Step> parsed = new ArrayList<>();
        for (JsonNode step : steps) {
            Expect.that(step.path("tool").isTextual() && step.path("result").isTextual(), () -> "each step should be "
                    + "{\"tool\", \"arguments\", \"result\", \"error\"}, got " + AppClient.shorten(step.toString()));
            parsed.add(new Step(step.get("tool").asText(), step.path("arguments"), step.get("result").asText(),
                    step.path("error").isTextual() ? step.get("error").asText() : null));
        }
        return new Run(answer, stoppedReason, parsed);
    }
}
