package com.example.tally;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether Tally can serve: the model server answers {@code GET /api/version} with 200 and Redis
 * answers PING, each within a second, probed on every call (both at once). The answer is
 * MicroProfile Health's JSON: {@code {"status":"UP"|"DOWN","checks":[{"name","status"}]}}.
 */
final class Readiness {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final URI modelVersion;
    private final SessionStore sessions;

    Readiness(String ollamaBaseUrl, SessionStore sessions) {
        this.modelVersion = URI.create(ollamaBaseUrl + "/api/version");
        this.sessions = sessions;
    }

    /** The health report; its {@code status} is UP only when every check is. */
    Map<String, Object> check() {
        CompletableFuture<Boolean> model = http.sendAsync(
                        HttpRequest.newBuilder(modelVersion).timeout(PROBE_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200)
                .completeOnTimeout(false, PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> false);
        boolean redis = sessions.ping();
        boolean modelUp = model.join();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", modelUp && redis ? "UP" : "DOWN");
        report.put("checks", List.of(check("model", modelUp), check("redis", redis)));
        return report;
    }

    static boolean isUp(Map<String, Object> report) {
        return "UP".equals(report.get("status"));
    }

    private static Map<String, String> check(String name, boolean up) {
        Map<String, String> check = new LinkedHashMap<>();
        check.put("name", name);
        check.put("status", up ? "UP" : "DOWN");
        return check;
    }
}
