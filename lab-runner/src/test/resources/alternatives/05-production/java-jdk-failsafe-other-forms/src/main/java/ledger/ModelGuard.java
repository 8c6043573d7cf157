package ledger;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The brief's resilience around the model, with Failsafe (https://failsafe.dev): a retry policy (a 502, a 503 or a
 * connection error, at most 2 retries, waiting 200 ms x 2^(k-1) plus up to 50 % more before retry k) inside a
 * circuit breaker (5 consecutive failed requests open it for 10 s; then one trial closes or reopens it), so that a
 * request counts once in the breaker whatever its retries. Timeouts are not retried but count.
 */
final class ModelGuard {

    static final Duration OPEN_FOR = Duration.ofSeconds(10);

    private final OllamaChat model;
    private final CircuitBreaker<ModelAnswer> breaker;
    private final FailsafeExecutor<ModelAnswer> executor;

    ModelGuard(OllamaChat model) {
        this.model = model;
        RetryPolicy<ModelAnswer> retry = RetryPolicy.<ModelAnswer>builder()
                .handleIf(failure -> failure instanceof ModelFailure f && f.isRetryable())
                .withMaxRetries(2)
                .withDelayFn(context -> {
                    long base = 200L << (context.getAttemptCount() - 1);
                    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
                })
                .build();
        this.breaker = CircuitBreaker.<ModelAnswer>builder()
                .handle(ModelFailure.class)
                .withFailureThreshold(5)
                .withDelay(OPEN_FOR)
                .withSuccessThreshold(1)
                .build();
        this.executor = Failsafe.with(breaker).compose(retry);
    }

    /**
     * The model's answer; throws {@link ModelFailure} (the last attempt's) when every attempt failed, or
     * {@link Open} when the breaker refused the call.
     */
    ModelAnswer ask(String system, List<Turn> turns, String message) {
        try {
            return executor.get(() -> model.ask(system, turns, message));
        } catch (CircuitBreakerOpenException e) {
            throw new Open(breaker.getRemainingDelay());
        } catch (FailsafeException e) {
            if (e.getCause() instanceof ModelFailure failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** The breaker is open: no call is made for {@code remaining} more. */
    static final class Open extends RuntimeException {
        final Duration remaining;

        Open(Duration remaining) {
            super("the circuit breaker is open", null, false, false);
            this.remaining = remaining;
        }
    }
}
