package dev.labkit.runner.catalog;

import java.time.Duration;

/**
 * How long each grading phase may take.
 *
 * @param build building the submission
 * @param start from starting the app until {@code /health} answers 200
 * @param check one check
 * @param total the whole grading run
 */
public record Limits(Duration build, Duration start, Duration check, Duration total) {

    public static final Limits DEFAULT = new Limits(
            Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(10));

    public Limits {
        requirePositive("build", build);
        requirePositive("start", start);
        requirePositive("check", check);
        requirePositive("total", total);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("limit '" + name + "' must be a positive duration, got " + value);
        }
    }
}
