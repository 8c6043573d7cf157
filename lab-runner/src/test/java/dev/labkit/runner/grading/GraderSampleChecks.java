package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Metrics;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Tier;

/**
 * A checker suite for the grader's own tests, run against {@code apps/echo}: one check per way a
 * check can end. Not a lab: it is run only by {@link GraderTests}.
 */
@LabChecks
public class GraderSampleChecks {

    @Check(id = "health", title = "Answers /health", points = 5)
    void health(AppClient app) {
        assertThat(app.get("/health").status()).isEqualTo(200);
    }

    @Check(id = "sample.scripted-reply", title = "Relays a scripted reply", points = 10)
    void scriptedReply(AppClient app, ModelScript model, ModelTraffic traffic) {
        model.when(Match.lastUserMessageContains("tomatoes")).reply("Water them deeply.");

        AppResponse response = app.postJson("/ask", "When do I water tomatoes?");

        assertThat(response.body()).contains("Water them deeply.");
        assertThat(traffic.chatRequests()).hasSize(1);
        assertThat(traffic.chatRequests().get(0).number()).as("numbering restarts in every check").isEqualTo(1);
    }

    @Check(id = "sample.wrong", title = "Always fails, with a transcript", points = 3, hint = "Look at the transcript.")
    void wrong(AppClient app, ModelScript model) {
        model.onChat().reply("Compost.");
        app.postJson("/ask", "What feeds soil?");
        assertThat("Compost.").as("the reply should be about mulch").isEqualTo("Mulch.");
    }

    @Check(id = "sample.hangs", title = "Never finishes", points = 2)
    void hangs() throws InterruptedException {
        Thread.sleep(60_000);
    }

    @Check(id = "sample.crashes", title = "Crashes", points = 1)
    void crashes() {
        throw new IllegalStateException("checker bug");
    }

    @Check(id = "sample.restart", title = "Survives a restart", points = 4)
    void restart(AppClient app, AppControl control) throws Exception {
        control.restart();
        assertThat(app.get("/health").status()).isEqualTo(200);
        assertThat(control.logTail()).contains("echo app listening");
    }

    @Check(id = "sample.cut-off-restart", title = "Is cut off while it restarts the app with another environment",
            points = 2)
    void cutOffRestart(AppControl control) throws Exception {
        control.restart(java.util.Map.of("ECHO_START_DELAY_MS", "8000"));
    }

    @Check(id = "sample.startup", title = "Sees the startup traffic and measures", points = 1)
    void startup(LabEnvironment environment, ModelTraffic traffic, Metrics metrics) {
        metrics.record("warm-ups", environment.startupTraffic().chatRequests().size());
        metrics.record("ratio", 0.5);
        assertThat(environment.startupTraffic().lastChatRequest().orElseThrow().lastUserMessage()).isEqualTo("warm up");
        assertThat(traffic.requests()).as("the current check's traffic starts empty").isEmpty();
    }

    @Check(id = "sample.secret", title = "A hidden check that fails", points = 2, hidden = true, hint = "gold hint")
    void secret() {
        assertThat(42).as("the gold answer").isEqualTo(41);
    }

    @Check(id = "live.sample", title = "Needs a real model", points = 5, tier = Tier.LIVE)
    void live(AppClient app) {
        assertThat(app.get("/health").status()).isEqualTo(200);
    }
}
