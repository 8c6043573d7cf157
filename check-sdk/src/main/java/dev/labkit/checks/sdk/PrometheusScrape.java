package dev.labkit.checks.sdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;

/**
 * One scrape of a {@code /metrics} endpoint in the Prometheus text exposition format 0.0.4 (the format of
 * {@code text/plain; version=0.0.4}, as Prometheus' "Exposition formats" page defines it), parsed by Hawkular's
 * {@code TextPrometheusMetricDataParser} ({@code org.hawkular.agent:prometheus-scraper}).
 *
 * <p>Every non-blank line must be a comment ({@code # HELP}, {@code # TYPE} or another) or a sample {@code
 * name{label="value",...} value [timestamp]}; else {@link #parse} fails naming the line. The parser keeps the
 * families that have a {@code # TYPE} line (counter, gauge, histogram, summary) and leaves out samples of no
 * declared type. A family's samples are given as the text has them: a histogram {@code x} as {@code x_bucket}
 * (with {@code le}, {@code +Inf} included), {@code x_count} and {@code x_sum}; label values unescaped.
 *
 * <pre>{@code
 * PrometheusScrape scrape = PrometheusScrape.parse(app.get("/metrics").body());
 * double requests = scrape.sum("http_server_request_duration_seconds_count",
 *         Map.of("http_route", "/api/chat", "http_response_status_code", "200"));
 * }</pre>
 */
public final class PrometheusScrape {

    /**
     * One sample line.
     *
     * @param name the sample's name, e.g. {@code x_bucket}
     * @param labels its labels in order, values unescaped
     * @param value its value ({@code +Inf}, {@code -Inf} and {@code NaN} as the doubles)
     */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** Whether every entry of {@code filter} is one of its labels (an empty filter matches every sample). */
        public boolean hasLabels(Map<String, String> filter) {
            return filter.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    /**
     * One metric family: its {@code # TYPE} name and type, and its samples.
     *
     * @param name the family's name, e.g. {@code http_server_request_duration_seconds}
     * @param type {@code counter}, {@code gauge}, {@code histogram} or {@code summary}
     * @param samples its samples in the order of the text (a histogram's grouped by label set)
     */
    public record Family(String name, String type, List<Sample> samples) {
        public Family {
            samples = List.copyOf(samples);
        }

        /** The label names its samples carry (a histogram's {@code le} and a summary's {@code quantile} too). */
        public java.util.Set<String> labelNames() {
            java.util.Set<String> names = new java.util.TreeSet<>();
            samples.forEach(s -> names.addAll(s.labels().keySet()));
            return names;
        }
    }

    /** A sample line, as the exposition format's grammar has it (checked before the parser, which skips bad lines). */
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*[ \\t]*=[ \\t]*\"(?:[^\"\\\\\\n]|\\\\.)*\"";
    private static final String LABELS = "\\{[ \\t]*(?:" + LABEL + "[ \\t]*(?:,[ \\t]*" + LABEL + "[ \\t]*)*,?[ \\t]*)?\\}";
    private static final String VALUE = "[-+]?(?:[Ii]nf|NaN|nan|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
    private static final Pattern SAMPLE_LINE =
            Pattern.compile("[ \\t]*" + NAME + "[ \\t]*(?:" + LABELS + ")?[ \\t]+" + VALUE + "(?:[ \\t]+-?\\d+)?[ \\t]*");

    private final Map<String, Family> families;

    private PrometheusScrape(Map<String, Family> families) {
        this.families = families;
    }

    /**
     * Parses exposition text.
     *
     * @throws IllegalArgumentException with a one-line message naming the first line that is neither blank, a
     *     comment nor a sample (e.g. an HTML page or JSON where the text format was expected), or the parser's error
     */
    public static PrometheusScrape parse(String text) {
        String[] lines = (text == null ? "" : text).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!line.isBlank() && !line.stripLeading().startsWith("#") && !SAMPLE_LINE.matcher(line).matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not in the Prometheus text format (a "
                        + "sample is name{label=\"value\"} value): " + Received.preview(line));
            }
        }
        Map<String, Family> families = new LinkedHashMap<>();
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                new ByteArrayInputStream(text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8)));
        try {
            for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
                Family read = family(family);
                families.merge(read.name(), read, (a, b) -> new Family(a.name(), a.type(), concat(a.samples(),
                        b.samples())));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the Prometheus text could not be parsed: " + e.getMessage());
        }
        return new PrometheusScrape(Collections.unmodifiableMap(families));
    }

    private static List<Sample> concat(List<Sample> a, List<Sample> b) {
        List<Sample> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Family family(MetricFamily family) {
        String name = family.getName();
        List<Sample> samples = new ArrayList<>();
        for (Metric metric : family.getMetrics()) {
            Map<String, String> labels = metric.getLabels() == null ? Map.of() : metric.getLabels();
            if (metric instanceof Histogram histogram) {
                for (Histogram.Bucket bucket : histogram.getBuckets()) {
                    samples.add(new Sample(name + "_bucket", with(labels, "le", le(bucket.getUpperBound())),
                            bucket.getCumulativeCount()));
                }
                samples.add(new Sample(name + "_count", labels, histogram.getSampleCount()));
                samples.add(new Sample(name + "_sum", labels, histogram.getSampleSum()));
            } else if (metric instanceof Summary summary) {
                for (Summary.Quantile quantile : summary.getQuantiles()) {
                    samples.add(new Sample(name, with(labels, "quantile", le(quantile.getQuantile())),
                            quantile.getValue()));
                }
                samples.add(new Sample(name + "_count", labels, summary.getSampleCount()));
                samples.add(new Sample(name + "_sum", labels, summary.getSampleSum()));
            } else if (metric instanceof Counter counter) {
                samples.add(new Sample(metric.getName(), labels, counter.getValue()));
            } else if (metric instanceof Gauge gauge) {
                samples.add(new Sample(metric.getName(), labels, gauge.getValue()));
            }
        }
        return new Family(name, family.getType().name().toLowerCase(Locale.ROOT), samples);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(name, value);
        return all;
    }

    /** A bucket bound or quantile as text: {@code +Inf}, or the shortest decimal ({@code 0.005}, {@code 1}). */
    private static String le(double bound) {
        if (Double.isInfinite(bound)) {
            return bound > 0 ? "+Inf" : "-Inf";
        }
        return Double.isNaN(bound) ? "NaN" : BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    /** The families by name, in the order of the text. */
    public Map<String, Family> families() {
        return families;
    }

    /** The family of that name ({@code # TYPE} name, e.g. {@code gen_ai_client_token_usage}), if any. */
    public Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    /** Every sample named {@code sampleName} (e.g. {@code x_count}) whose labels include {@code filter}. */
    public List<Sample> samples(String sampleName, Map<String, String> filter) {
        return families.values().stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(sampleName) && s.hasLabels(filter)).toList();
    }

    /**
     * The sum of the values of {@link #samples}: e.g. a histogram's observations with some labels, summed over
     * its other labels ({@code x_count}); 0 when no sample matches.
     */
    public double sum(String sampleName, Map<String, String> filter) {
        return samples(sampleName, filter).stream().mapToDouble(Sample::value).sum();
    }

    /** How many samples {@link #samples} finds (label sets, not observations). */
    public int count(String sampleName, Map<String, String> filter) {
        return samples(sampleName, filter).size();
    }

    /** The family names, types and sample counts, e.g. {@code x (histogram, 14 samples)}, for messages. */
    public String describe() {
        if (families.isEmpty()) {
            return "(no metric family with a # TYPE line)";
        }
        return families.values().stream().map(f -> f.name() + " (" + f.type() + ", " + f.samples().size()
                + " samples)").collect(java.util.stream.Collectors.joining(", "));
    }
}
