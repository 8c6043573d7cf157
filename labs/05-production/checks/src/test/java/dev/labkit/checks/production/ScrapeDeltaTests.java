package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.PrometheusScrape;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract's histograms as an app writes them with Prometheus' client_java 1.10 (its text format writer),
 * scraped before and after some traffic, as {@code prod.metrics} reads them.
 */
class ScrapeDeltaTests {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram http = Histogram.builder().name("http_server_request_duration_seconds")
            .help("HTTP server request duration").labelNames("http_request_method", "http_route",
                    "http_response_status_code").register(registry);
    private final Histogram tokens = Histogram.builder().name("gen_ai_client_token_usage").help("Tokens")
            .labelNames("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type")
            .classicUpperBounds(1, 4, 16, 64, 256, 1024, 4096, 16384).register(registry);
    private final Histogram calls = Histogram.builder().name("gen_ai_client_operation_duration_seconds")
            .help("Model calls").labelNames("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model",
                    "error_type").register(registry);

    private PrometheusScrape scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return PrometheusScrape.parse(out.toString(StandardCharsets.UTF_8));
    }

    private void chat(int status, int input, int output, String errorType) {
        http.labelValues("POST", "/api/chat", String.valueOf(status)).observe(0.08);
        calls.labelValues("chat", "ollama", "qwen2.5:0.5b", errorType).observe(0.05);
        if (errorType.isEmpty()) {
            tokens.labelValues("chat", "ollama", "qwen2.5:0.5b", "input").observe(input);
            tokens.labelValues("chat", "ollama", "qwen2.5:0.5b", "output").observe(output);
        }
    }

    @Test
    void countsAndSumsMoveByTheTrafficBetweenTheScrapes() throws IOException {
        chat(200, 40, 7, "");            // an earlier check's traffic
        http.labelValues("GET", "/health/ready", "200").observe(0.001);
        PrometheusScrape before = scrape();
        chat(200, 31, 5, "");
        chat(200, 35, 6, "");
        chat(502, 0, 0, "500");
        ScrapeDelta delta = new ScrapeDelta(before, scrape());

        assertThat(delta.of("http_server_request_duration_seconds_count", Map.of("http_request_method", "POST",
                "http_route", "/api/chat", "http_response_status_code", "200"))).isEqualTo(2);
        assertThat(delta.of("http_server_request_duration_seconds_count", Map.of())).isEqualTo(3);
        Map<String, String> input = Map.of("gen_ai_operation_name", "chat", "gen_ai_provider_name", "ollama",
                "gen_ai_request_model", "qwen2.5:0.5b", "gen_ai_token_type", "input");
        assertThat(delta.of("gen_ai_client_token_usage_count", input)).isEqualTo(2);
        assertThat(delta.of("gen_ai_client_token_usage_sum", input)).isEqualTo(66);
        assertThat(delta.of("gen_ai_client_token_usage_sum", Map.of("gen_ai_token_type", "output"))).isEqualTo(11);
        assertThat(delta.of("gen_ai_client_operation_duration_seconds_count", Map.of(),
                s -> s.labels().getOrDefault("error_type", "").isEmpty())).isEqualTo(2);
        assertThat(delta.of("gen_ai_client_operation_duration_seconds_count", Map.of("error_type", "500")))
                .isEqualTo(1);
        assertThat(delta.show("gen_ai_client_operation_duration_seconds_count"))
                .contains("_count{error_type=\"\",gen_ai_operation_name=\"chat\"").contains("error_type=\"500\"")
                .contains("\"qwen2.5:0.5b\"} 3; ").endsWith("\"qwen2.5:0.5b\"} 1");
    }

    @Test
    void theFamiliesAreHistogramsWithTheContractsLabels() throws IOException {
        chat(200, 1, 1, "");
        PrometheusScrape scrape = scrape();

        assertThat(scrape.family("gen_ai_client_token_usage").orElseThrow().labelNames())
                .contains("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model",
                        "gen_ai_token_type", "le");
        assertThat(scrape.family("http_server_request_duration_seconds").orElseThrow().type()).isEqualTo("histogram");
        assertThat(scrape.samples("gen_ai_client_token_usage_bucket", Map.of("le", "+Inf"))).hasSize(2);
    }

    @Test
    void aSampleNobodyWroteIsShownAsNone() throws IOException {
        PrometheusScrape empty = scrape();
        assertThat(new ScrapeDelta(empty, empty).show("nothing_count")).isEqualTo("(none)");
        assertThat(ScrapeDelta.number(3.0)).isEqualTo("3");
        assertThat(ScrapeDelta.number(0.15)).isEqualTo("0.150");
        assertThat(ScrapeDelta.labels(Map.of("a", "1"))).isEqualTo("a=\"1\"");
    }
}
