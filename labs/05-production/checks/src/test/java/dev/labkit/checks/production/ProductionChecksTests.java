package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.Tier;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The suite's checks are the contract's table, and the small readings the checks make. */
class ProductionChecksTests {

    private static List<Check> checks() {
        return Arrays.stream(ProductionChecks.class.getDeclaredMethods()).map(m -> m.getAnnotation(Check.class))
                .filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void theChecksAreTheContractsTableWithItsPoints() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("prod.image", 10);
        expected.put("prod.health", 5);
        expected.put("prod.readiness", 10);
        expected.put("prod.metrics", 10);
        expected.put("prod.logs", 5);
        expected.put("prod.request-id", 5);
        expected.put("prod.privacy", 5);
        expected.put("prod.rate-limit", 10);
        expected.put("prod.retry", 10);
        expected.put("prod.circuit-breaker", 10);
        expected.put("prod.graceful-shutdown", 5);
        expected.put("prod.scale-out", 10);
        expected.put("prod.load", 5);
        Map<String, Integer> actual = new TreeMap<>();
        checks().stream().filter(c -> c.tier() == Tier.CONTRACT).forEach(c -> actual.put(c.id(), c.points()));

        assertThat(actual).isEqualTo(new TreeMap<>(expected));
        assertThat(actual.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        // Besides the contract's table, one live check: a real model's token counts reach the metric.
        assertThat(checks()).filteredOn(c -> c.tier() != Tier.CONTRACT).extracting(Check::id)
                .containsExactly("live.prod.tokens");
        assertThat(checks()).allSatisfy(c -> {
            assertThat(c.hint()).as(c.id() + "'s hint").isNotBlank();
            assertThat(c.title()).as(c.id() + "'s title").isNotBlank().doesNotContain("\n");
        });
    }

    @Test
    void theSuiteIsTheOneLabYamlNames() throws Exception {
        assertThat(ProductionChecks.class.getName()).isEqualTo("dev.labkit.checks.production.ProductionChecks");
        assertThat(ProductionChecks.class.isAnnotationPresent(dev.labkit.checks.sdk.LabChecks.class)).isTrue();
        for (Method method : ProductionChecks.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Check.class)) {
                assertThat(method.getReturnType()).isEqualTo(void.class);
            }
        }
    }

    @Test
    void retryAfterIsWholeSeconds() {
        assertThat(ProductionChecks.seconds("1")).isEqualTo(1);
        assertThat(ProductionChecks.seconds(" 2 ")).isEqualTo(2);
        assertThat(ProductionChecks.seconds("0.5")).isEqualTo(-1);
        assertThat(ProductionChecks.seconds("Wed, 21 Oct 2026 07:28:00 GMT")).isEqualTo(-1);
    }

    @Test
    void theInstanceThatServedARequestIsTheOneWhoseCountGrew() {
        assertThat(ProductionChecks.grew(List.of(1, 0), List.of(1, 1))).isEqualTo(1);
        assertThat(ProductionChecks.grew(List.of(3, 2), List.of(4, 2))).isZero();
        assertThat(ProductionChecks.grew(List.of(1, 1), List.of(1, 1))).isEqualTo(-1);
    }

    @Test
    void tagsAreShortAndDistinct() {
        assertThat(ProductionChecks.tag()).matches("[a-z0-9]{8}").isNotEqualTo(ProductionChecks.tag());
    }

    @Test
    void lastLinesShowsTheEndOfALog() {
        assertThat(ProductionChecks.lastLines("a\nb\nc", 2)).isEqualTo("  b\n  c");
        assertThat(ProductionChecks.lastLines("", 2)).isEqualTo("  (nothing)");
    }
}
