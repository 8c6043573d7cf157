package dev.labkit.runner.services;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether a Redis answers: Redis's {@code PING} command, which a server answers {@code PONG}
 * (https://redis.io/docs/latest/commands/ping/), sent with Jedis on a connection of its own.
 */
final class RedisPing {

    /** How long one PING may take (connect and answer). */
    static final Duration ONE_PING = Duration.ofSeconds(1);

    private static final Duration PAUSE = Duration.ofMillis(50);

    private RedisPing() {}

    /** Empty when the Redis at {@code url} ({@code redis://[user:password@]host:port}) answers PONG; else why not. */
    static Optional<String> problem(URI url) {
        int millis = (int) ONE_PING.toMillis();
        try (Jedis jedis = new Jedis(url, millis, millis)) {
            String answer = jedis.ping();
            return "PONG".equals(answer) ? Optional.empty()
                    : Optional.of(url + " answered " + answer + " to PING, not PONG: not a Redis");
        } catch (JedisException | IllegalArgumentException e) {
            return Optional.of("no Redis answers PING at " + url + " ("
                    + dev.labkit.runner.LabException.firstLine(rootMessage(e), e.toString()) + ")");
        }
    }

    /**
     * PINGs until PONG, at most {@code limit}; gives up early when {@code gone} says why the server is no more.
     *
     * @return empty when it answered; else why not, in one line
     */
    static Optional<String> await(URI url, Duration limit, Supplier<Optional<String>> gone) {
        long deadline = System.nanoTime() + limit.toNanos();
        Optional<String> problem = problem(url);
        while (problem.isPresent()) {
            Optional<String> dead = gone.get();
            if (dead.isPresent()) {
                return dead;
            }
            if (System.nanoTime() > deadline) {
                return Optional.of(problem.get() + " within " + limit.toSeconds() + " s");
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting for " + url);
            }
            problem = problem(url);
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
