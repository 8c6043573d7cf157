package com.example.tally;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Tally's metrics, named after OpenTelemetry's semantic conventions as its Prometheus exporter
 * writes them (dots become underscores, the unit a suffix): HTTP server duration
 * (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/) and GenAI client metrics
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/). Buckets are the
 * conventions' advice.
 */
final class Metrics {

    /** Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final String PROVIDER = "ollama";
    private static final String OPERATION = "chat";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final String model;

    private final Histogram httpDuration = Histogram.builder()
            .name("http_server_request_duration_seconds")
            .help("Duration of HTTP server requests, in seconds")
            .labelNames("http_request_method", "http_route", "http_response_status_code")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
            .classicOnly()
            .build();

    private final Histogram tokenUsage = Histogram.builder()
            .name("gen_ai_client_token_usage")
            .help("Tokens used per model call, by token type (input, output)")
            .labelNames("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type")
            .classicUpperBounds(1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576)
            .classicOnly()
            .build();

    private final Histogram operationDuration = Histogram.builder()
            .name("gen_ai_client_operation_duration_seconds")
            .help("Duration of each model call (each attempt), in seconds; error_type on failures")
            .labelNames("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "error_type")
            .classicUpperBounds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
            .classicOnly()
            .build();

    /** @param model the model name the app asks for, the {@code gen_ai_request_model} label */
    Metrics(String model) {
        this.model = model;
        registry.register(httpDuration);
        registry.register(tokenUsage);
        registry.register(operationDuration);
    }

    void httpRequest(String method, String route, int status, double seconds) {
        httpDuration.labelValues(method, route, Integer.toString(status)).observe(seconds);
    }

    /** One model call; {@code errorType} is empty for a success. */
    void modelCall(double seconds, String errorType) {
        operationDuration.labelValues(OPERATION, PROVIDER, model, errorType).observe(seconds);
    }

    /** A successful call's token counts, as the model reported them (null: not reported). */
    void tokens(Integer input, Integer output) {
        if (input != null) {
            tokenUsage.labelValues(OPERATION, PROVIDER, model, "input").observe(input);
        }
        if (output != null) {
            tokenUsage.labelValues(OPERATION, PROVIDER, model, "output").observe(output);
        }
    }

    /** Every metric in the Prometheus text format, UTF-8. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
