package ledger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The three histograms of the brief, named after OpenTelemetry's semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/,
 * https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/) in Micrometer's dotted form, which its
 * Prometheus registry writes with underscores and the unit as a suffix: {@code http_server_request_duration_seconds},
 * {@code gen_ai_client_token_usage}, {@code gen_ai_client_operation_duration_seconds}. Buckets are the ones the
 * conventions advise. Micrometer adds a {@code _max} gauge beside each.
 */
final class Telemetry {

    private static final Duration[] SECONDS_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofMillis(7500), Duration.ofSeconds(10)};
    private static final Duration[] OPERATION_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80),
        Duration.ofMillis(160), Duration.ofMillis(320), Duration.ofMillis(640), Duration.ofMillis(1280),
        Duration.ofMillis(2560), Duration.ofMillis(5120), Duration.ofMillis(10240), Duration.ofMillis(20480),
        Duration.ofMillis(40960), Duration.ofMillis(81920)};
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String model;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

    Telemetry(String model) {
        this.model = model;
    }

    /** One HTTP request: its method, route template and status, and how long it took. */
    void request(String method, String route, int status, long nanos) {
        String key = method + " " + route + " " + status;
        requestTimers.computeIfAbsent(key, k -> Timer.builder("http.server.request.duration")
                .description("Duration of HTTP server requests.")
                .tag("http.request.method", method)
                .tag("http.route", route)
                .tag("http.response.status_code", Integer.toString(status))
                .serviceLevelObjectives(SECONDS_BUCKETS)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One attempt to call the model; {@code errorType} is "" for a success. */
    void operation(String errorType, long nanos) {
        Timer.builder("gen_ai.client.operation.duration")
                .description("GenAI operation duration.")
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "ollama")
                .tag("gen_ai.request.model", model)
                .tag("error.type", errorType)
                .serviceLevelObjectives(OPERATION_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** The token counts of one answered call (skipped when the model reported none). */
    void tokens(ModelAnswer answer) {
        if (answer.inputTokens() >= 0) {
            usage("input").record(answer.inputTokens());
        }
        if (answer.outputTokens() >= 0) {
            usage("output").record(answer.outputTokens());
        }
    }

    private DistributionSummary usage(String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used.")
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "ollama")
                .tag("gen_ai.request.model", model)
                .tag("gen_ai.token.type", type)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry);
    }

    /** The Prometheus text format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/). */
    String scrape() {
        return registry.scrape();
    }
}
