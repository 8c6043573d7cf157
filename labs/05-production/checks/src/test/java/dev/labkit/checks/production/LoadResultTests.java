package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles (nearest rank), throughput and the one-line summary of a load run. */
class LoadResultTests {

    /** 100 requests taking 1, 2, ... 100 ms over one second, the slowest answered 502, the others 200. */
    private static LoadResult hundred() {
        LoadResult result = hundred("200", 0);
        result.outcomes().set(99, new LoadResult.Outcome("502", 100 * 1_000_000L));
        return result;
    }

    @Test
    void percentilesAreNearestRank() {
        LoadResult result = hundred();

        assertThat(result.percentileMillis(50)).isEqualTo(50);
        assertThat(result.percentileMillis(95)).isEqualTo(95);
        assertThat(result.percentileMillis(99)).isEqualTo(99);
        assertThat(result.percentileMillis(100)).isEqualTo(100);
        assertThat(result.percentileMillis(0.5)).isEqualTo(1);
        assertThat(result.maxMillis()).isEqualTo(100);
    }

    /** 100 requests answered {@code status}, taking 1, 2, ... 100 ms plus {@code extraMs}. */
    private static LoadResult hundred(String status, long extraMs) {
        List<LoadResult.Outcome> outcomes = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            outcomes.add(new LoadResult.Outcome(status, (ms + extraMs) * 1_000_000L));
        }
        return new LoadResult(outcomes, Duration.ofSeconds(1), 20);
    }

    @Test
    void aSecondRunCountsOnlyWhenAllItsRequestsPassedAndItsP95IsLower() {
        LoadResult first = hundred("200", 200);

        LoadResult faster = hundred("200", 0);
        assertThat(first.betterOf(faster)).isSameAs(faster);
        LoadResult slower = hundred("200", 300);
        assertThat(first.betterOf(slower)).isSameAs(first);
        LoadResult fasterWithAnError = hundred("200", 0);
        fasterWithAnError.outcomes().set(0, new LoadResult.Outcome("502", 1_000_000L));
        assertThat(first.betterOf(fasterWithAnError)).isSameAs(first);
    }

    @Test
    void allOkMeansRequestsWereSentAndEachWasAnswered200() {
        assertThat(hundred("200", 0).allOk()).isTrue();
        assertThat(hundred().allOk()).isFalse();
        assertThat(hundred("timeout", 0).allOk()).isFalse();
        assertThat(new LoadResult(new ArrayList<>(), Duration.ofMillis(5), 1).allOk()).isFalse();
    }

    @Test
    void throughputIsRequestsPerSecondOfWallTime() {
        assertThat(hundred().throughput()).isEqualTo(100);
    }

    @Test
    void describeGivesCountsAndPercentiles() {
        assertThat(hundred().describe()).isEqualTo("100 requests at concurrency 20 in 1.00 s (100.0 req/s): "
                + "{200=99, 502=1}; latency p50 50 ms, p95 95 ms, p99 99 ms, max 100 ms");
    }

    @Test
    void aPercentileIsBetweenZeroAndAHundred() {
        assertThatThrownBy(() -> hundred().percentileMillis(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hundred().percentileMillis(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyRunHasZeroes() {
        LoadResult empty = new LoadResult(List.of(), Duration.ofMillis(5), 1);
        assertThat(empty.percentileMillis(95)).isZero();
        assertThat(empty.maxMillis()).isZero();
        assertThat(empty.ok()).isZero();
    }
}
