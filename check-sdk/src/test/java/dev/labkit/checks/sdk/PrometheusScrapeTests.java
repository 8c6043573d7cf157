package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PrometheusScrape} on text written by Prometheus' client_java 1.10 (its text format writer), and on garbage. */
class PrometheusScrapeTests {

    private static String written(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static PrometheusRegistry appLikeRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Histogram http = Histogram.builder().name("http_server_request_duration_seconds")
                .help("Duration of HTTP server requests.").unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
                .labelNames("http_request_method", "http_route", "http_response_status_code")
                .classicOnly().register(registry);
        http.labelValues("POST", "/api/chat", "200").observe(0.120);
        http.labelValues("POST", "/api/chat", "200").observe(0.030);
        http.labelValues("POST", "/api/chat", "429").observe(0.001);
        Histogram tokens = Histogram.builder().name("gen_ai_client_token_usage").help("Tokens used.")
                .labelNames("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model",
                        "gen_ai_token_type")
                .classicUpperBounds(1, 4, 16, 64, 256, 1024, 4096).register(registry);
        tokens.labelValues("chat", "ollama", "qwen2.5:0.5b", "input").observe(37);
        tokens.labelValues("chat", "ollama", "qwen2.5:0.5b", "output").observe(5);
        tokens.labelValues("chat", "ollama", "qwen2.5:0.5b", "input").observe(12);
        Counter quoted = Counter.builder().name("odd_labels_total").help("Label values that need escaping.")
                .labelNames("text").register(registry);
        quoted.labelValues("say \"hi\"\\ then\nbye").inc(2);
        Gauge.builder().name("up_gauge").help("A gauge.").register(registry).set(1);
        return registry;
    }

    @Test
    void readsHistogramsCountersAndGaugesAsClientJavaWritesThem() throws IOException {
        String text = written(appLikeRegistry());

        PrometheusScrape scrape = PrometheusScrape.parse(text);

        PrometheusScrape.Family http = scrape.family("http_server_request_duration_seconds").orElseThrow();
        assertThat(http.type()).isEqualTo("histogram");
        assertThat(http.labelNames()).contains("http_request_method", "http_route", "http_response_status_code", "le");
        Map<String, String> ok = Map.of("http_route", "/api/chat", "http_response_status_code", "200");
        assertThat(scrape.sum("http_server_request_duration_seconds_count", ok)).isEqualTo(2);
        assertThat(scrape.sum("http_server_request_duration_seconds_sum", ok)).isCloseTo(0.150, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scrape.sum("http_server_request_duration_seconds_count", Map.of("http_route", "/api/chat")))
                .isEqualTo(3);
        assertThat(scrape.samples("http_server_request_duration_seconds_bucket",
                Map.of("http_response_status_code", "200", "le", "+Inf"))).singleElement()
                .extracting(PrometheusScrape.Sample::value).isEqualTo(2.0);
        assertThat(scrape.count("http_server_request_duration_seconds_count", Map.of())).isEqualTo(2);

        assertThat(scrape.sum("gen_ai_client_token_usage_sum", Map.of("gen_ai_token_type", "input"))).isEqualTo(49);
        assertThat(scrape.sum("gen_ai_client_token_usage_count", Map.of("gen_ai_token_type", "output"))).isEqualTo(1);
        assertThat(scrape.samples("gen_ai_client_token_usage_bucket", Map.of("gen_ai_token_type", "input", "le", "16")))
                .singleElement().extracting(PrometheusScrape.Sample::value).isEqualTo(1.0);
        assertThat(scrape.family("up_gauge").orElseThrow().type()).isEqualTo("gauge");
        assertThat(scrape.describe()).contains("gen_ai_client_token_usage (histogram");
    }

    @Test
    void unescapesLabelValues() throws IOException {
        String text = written(appLikeRegistry());
        assertThat(text).contains("say \\\"hi\\\"\\\\ then\\nbye");

        PrometheusScrape scrape = PrometheusScrape.parse(text);

        PrometheusScrape.Family odd = scrape.family("odd_labels_total").orElseThrow();
        assertThat(odd.type()).isEqualTo("counter");
        assertThat(odd.samples()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("text", "say \"hi\"\\ then\nbye");
            assertThat(s.value()).isEqualTo(2.0);
        });
    }

    @Test
    void anEmptyScrapeHasNoFamilies() {
        assertThat(PrometheusScrape.parse("").families()).isEmpty();
        assertThat(PrometheusScrape.parse("# just a comment\n\n").describe()).contains("no metric family");
    }

    @Test
    void garbageIsAOneLineErrorNamingTheLine() {
        assertThatThrownBy(() -> PrometheusScrape.parse("<html>\n<body>Metrics</body>\n</html>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 1 is not in the Prometheus text format")
                .hasMessageContaining("<html>")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> PrometheusScrape.parse("{\"requests\": 3}"))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PrometheusScrape.parse("# TYPE x counter\nx_total 1\nx_total{a=\"unclosed} 2\n"))
                .hasMessageStartingWith("line 3 ");
        assertThatThrownBy(() -> PrometheusScrape.parse("# TYPE x gauge\nx one\n")).hasMessageStartingWith("line 2 ");
    }

    @Test
    void acceptsTheFormatsOtherSpellings() {
        PrometheusScrape scrape = PrometheusScrape.parse("# TYPE h histogram\r\nh_bucket{le=\"+Inf\",} 3 1700000000000\r\n"
                + "h_count 3\r\nh_sum 1.5e-1\r\n# TYPE g gauge\ng{a=\"x\"} NaN\n");

        assertThat(scrape.sum("h_count", Map.of())).isEqualTo(3);
        assertThat(scrape.sum("h_sum", Map.of())).isEqualTo(0.15);
        assertThat(scrape.samples("g", Map.of("a", "x"))).singleElement()
                .satisfies(s -> assertThat(s.value()).isNaN());
    }
}
