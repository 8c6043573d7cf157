package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;

/**
 * A checker suite for {@link SharedLabModelGradingTests}, run against {@code apps/echo} by gradings seated in one
 * lab model hub: each check scripts its model and reads its traffic, which must be its own submission's only.
 */
@LabChecks
public class HubSampleChecks {

    @Check(id = "hub.scripted-reply", title = "Relays its own seat's scripted reply", points = 1)
    void scriptedReply(AppClient app, ModelScript model, ModelTraffic traffic) {
        model.when(Match.lastUserMessageContains("tomatoes")).reply("Water them deeply.");

        AppResponse response = app.postJson("/ask", "When do I water tomatoes?");

        assertThat(response.body()).contains("Water them deeply.");
        assertThat(traffic.chatRequests()).as("only this submission's request").hasSize(1);
        assertThat(traffic.chatRequests().get(0).number()).isEqualTo(1);
    }

    @Check(id = "hub.model-url", title = "Gets the lab model as http://127.0.0.1:PORT", points = 1)
    void modelUrl(LabEnvironment environment) {
        assertThat(environment.appEnvironment().get("OLLAMA_BASE_URL")).matches("http://127\\.0\\.0\\.1:\\d+");
    }
}
