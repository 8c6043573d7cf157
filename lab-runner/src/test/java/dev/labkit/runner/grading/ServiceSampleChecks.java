package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.LabService;

/**
 * A checker suite for the grader's tests of lab services, run against {@code apps/redis-probe} graded with
 * {@code services: {redis: {}}}. Not a lab: run only by {@link ServiceGradingTests}.
 */
@LabChecks
public class ServiceSampleChecks {

    @Check(id = "service.reachable", title = "The app reaches Redis at LAB_REDIS_URL", points = 5)
    void reachable(AppClient app, LabEnvironment lab) {
        LabService redis = lab.services().get("redis");
        assertThat(redis).as("the lab's redis service").isNotNull();
        assertThat(lab.appEnvironment()).containsEntry("LAB_REDIS_URL", redis.url().toString());
        assertThat(app.get("/redis").body()).isEqualTo("PONG");
        assertThat(app.get("/redis").status()).isEqualTo(200);
    }

    @Check(id = "service.stop-start", title = "Stopping Redis takes it away from the app, starting brings it back", points = 5)
    void stopStart(AppClient app, LabEnvironment lab) {
        LabService redis = lab.services().get("redis");
        redis.stop();
        assertThat(app.get("/redis").status()).as("GET /redis while Redis is stopped").isEqualTo(503);
        redis.start();
        assertThat(app.get("/redis").status()).as("GET /redis once Redis is back").isEqualTo(200);
    }

    @Check(id = "service.started-again", title = "A service a check stopped runs again in the next check", points = 5)
    void startedAgain(AppClient app, LabEnvironment lab) {
        lab.services().get("redis").stop();
    }

    @Check(id = "service.after", title = "Runs after a check left Redis stopped", points = 5)
    void after(AppClient app) {
        assertThat(app.get("/redis").status()).isEqualTo(200);
    }
}
