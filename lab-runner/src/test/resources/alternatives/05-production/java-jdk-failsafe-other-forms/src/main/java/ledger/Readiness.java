package ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Readiness as MicroProfile Health 4.0 writes it
 * (https://download.eclipse.org/microprofile/microprofile-health-4.0/microprofile-health-spec-4.0.html):
 * {@code {"status": "UP"|"DOWN", "checks": [{"name": "model", "status", "data": {"probeMs"}}, {"name": "redis",
 * ...}]}}. Both dependencies are probed at once, each given 1 s: the model server's {@code GET /api/version} must
 * answer 200, Redis must answer PING. A result is reused for 500 ms.
 */
final class Readiness {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final long REUSE_NANOS = Duration.ofMillis(500).toNanos();

    private final HttpClient http;
    private final URI version;
    private final SessionStore sessions;
    private final ExecutorService probes;
    private final Answers answers;
    private volatile Result last;

    Readiness(HttpClient http, Settings settings, SessionStore sessions, ExecutorService probes, Answers answers) {
        this.http = http;
        this.version = URI.create(settings.ollama() + "/api/version");
        this.sessions = sessions;
        this.probes = probes;
        this.answers = answers;
    }

    /** The readiness document and whether everything is up. */
    Result check() {
        Result cached = last;
        if (cached != null && System.nanoTime() - cached.at < REUSE_NANOS) {
            return cached;
        }
        CompletableFuture<Probe> model = CompletableFuture.supplyAsync(this::probeModel, probes);
        CompletableFuture<Probe> redis = CompletableFuture.supplyAsync(this::probeRedis, probes);
        Probe modelProbe = await(model, "model");
        Probe redisProbe = await(redis, "redis");
        ObjectNode body = answers.object();
        boolean up = modelProbe.up && redisProbe.up;
        body.put("status", up ? "UP" : "DOWN");
        ArrayNode checks = body.putArray("checks");
        for (Probe probe : new Probe[] {modelProbe, redisProbe}) {
            ObjectNode check = checks.addObject();
            check.put("name", probe.name);
            check.put("status", probe.up ? "UP" : "DOWN");
            check.putObject("data").put("probeMs", probe.millis);
        }
        Result result = new Result(up, body, System.nanoTime());
        last = result;
        return result;
    }

    private Probe probeModel() {
        long start = System.nanoTime();
        boolean up;
        try {
            HttpResponse<Void> response = http.sendAsync(HttpRequest.newBuilder(version).timeout(PROBE_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.discarding())
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            up = response.statusCode() == 200;
        } catch (Exception e) {
            up = false;
        }
        return new Probe("model", up, (System.nanoTime() - start) / 1_000_000);
    }

    private Probe probeRedis() {
        long start = System.nanoTime();
        boolean up = sessions.answers(PROBE_TIMEOUT);
        return new Probe("redis", up, (System.nanoTime() - start) / 1_000_000);
    }

    private static Probe await(CompletableFuture<Probe> probe, String name) {
        try {
            return probe.get(PROBE_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return new Probe(name, false, PROBE_TIMEOUT.toMillis());
        }
    }

    record Result(boolean up, ObjectNode body, long at) {}

    private record Probe(String name, boolean up, long millis) {}
}
