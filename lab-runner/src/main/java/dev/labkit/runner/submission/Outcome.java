package dev.labkit.runner.submission;

import java.time.Duration;

/**
 * How a build or a start went.
 *
 * @param ok whether it succeeded
 * @param reason one line saying what went wrong (empty when ok)
 * @param log the tail of what the process printed
 * @param duration how long it took
 */
public record Outcome(boolean ok, String reason, String log, Duration duration) {

    static Outcome success(String log, Duration duration) {
        return new Outcome(true, "", log, duration);
    }

    static Outcome failure(String reason, String log, Duration duration) {
        return new Outcome(false, reason, log, duration);
    }
}
