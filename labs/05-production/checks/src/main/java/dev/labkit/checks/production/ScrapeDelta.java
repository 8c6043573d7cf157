package dev.labkit.checks.production;

import dev.labkit.checks.sdk.PrometheusScrape;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * How far a {@code /metrics} sample moved between two scrapes, before and after a check's traffic: what other
 * checks' traffic did before does not count. E.g. {@code of("x_count", Map.of("http_route", "/api/chat"))} is the
 * number of observations added, summed over the labels the filter leaves open.
 */
final class ScrapeDelta {

    private final PrometheusScrape before;
    private final PrometheusScrape after;

    ScrapeDelta(PrometheusScrape before, PrometheusScrape after) {
        this.before = before;
        this.after = after;
    }

    /** The move of the samples named {@code sample} whose labels include {@code filter}. */
    double of(String sample, Map<String, String> filter) {
        return of(sample, filter, s -> true);
    }

    /** The move of the samples named {@code sample} whose labels include {@code filter} and that pass {@code also}. */
    double of(String sample, Map<String, String> filter, Predicate<PrometheusScrape.Sample> also) {
        return total(after, sample, filter, also) - total(before, sample, filter, also);
    }

    private static double total(PrometheusScrape scrape, String sample, Map<String, String> filter,
            Predicate<PrometheusScrape.Sample> also) {
        return scrape.samples(sample, filter).stream().filter(also).mapToDouble(PrometheusScrape.Sample::value).sum();
    }

    /**
     * The samples named {@code sample} after the traffic, e.g. {@code x_count{route="/api/chat"} 3}, at most 8, for
     * messages; {@code (none)} when there are none.
     */
    String show(String sample) {
        List<PrometheusScrape.Sample> found = after.samples(sample, Map.of());
        if (found.isEmpty()) {
            return "(none)";
        }
        return found.stream().limit(8).map(s -> sample + "{" + labels(s.labels()) + "} " + number(s.value()))
                .collect(Collectors.joining("; ")) + (found.size() > 8 ? "; … (" + found.size() + " in all)" : "");
    }

    /** Labels as the text format writes them, {@code a="1",b="2"}. */
    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
    }

    /** A whole number without a fraction ({@code 3}), else three decimals ({@code 0.150}). */
    static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
