package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * The sandbox's own checker suite, run against {@code apps/sandbox-probe}: what the app may do and
 * what it must not. Not a lab: it is run only by {@link SandboxTests}.
 */
@LabChecks
public class SandboxProbeChecks {

    /** The memory limit the probe's sample lab sets, in bytes. */
    static final long MEMORY_LIMIT = 512L << 20;

    @Check(id = "health", title = "Answers /health", points = 1)
    void health(AppClient app) {
        assertThat(app.get("/health").status()).isEqualTo(200);
    }

    @Check(id = "sandbox.confined", title = "Not root, read-only root and app, no network, the lab's memory limit",
            points = 10)
    void confined(AppClient app) {
        Map<String, String> facts = probe(app);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(facts.get("uid")).as("user id").isNotEqualTo("0");
        softly.assertThat(facts.get("root-writable")).as("/ writable").isEqualTo("no");
        softly.assertThat(facts.get("app-writable")).as("the app's folder writable").isEqualTo("no");
        softly.assertThat(facts.get("interfaces")).as("network interfaces").isEqualTo("lo");
        softly.assertThat(facts.get("memory-limit")).as("memory limit").isEqualTo(Long.toString(MEMORY_LIMIT));
        softly.assertAll();
    }

    @Check(id = "sandbox.reaches-lab", title = "Writes data, fixtures and /tmp; reaches the lab model", points = 10)
    void reachesTheLab(AppClient app) {
        Map<String, String> facts = probe(app);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(facts.get("data-writable")).as("LAB_DATA_DIR writable").isEqualTo("yes");
        softly.assertThat(facts.get("fixtures-writable")).as("the fixtures copy writable").isEqualTo("yes");
        softly.assertThat(facts.get("tmp-writable")).as("java.io.tmpdir writable").isEqualTo("yes");
        softly.assertThat(facts.get("model")).as("GET OLLAMA_BASE_URL/api/version").isEqualTo("200");
        softly.assertThat(facts.get("speech")).as("GET LAB_SPEECH_BASE_URL/models").isEqualTo("200");
        softly.assertAll();
    }

    @Check(id = "sandbox.restart", title = "The data folder survives a restart", points = 5)
    void restart(AppClient app, AppControl control) throws Exception {
        long before = Long.parseLong(probe(app).get("data-files"));
        control.restart();
        long after = Long.parseLong(probe(app).get("data-files"));
        assertThat(after).as("files in LAB_DATA_DIR after a restart (each probe adds one)").isEqualTo(before + 1);
    }

    private static Map<String, String> probe(AppClient app) {
        return app.get("/probe").body().lines().map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }
}
