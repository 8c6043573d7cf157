package com.example.tally;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The model behind a retry and a circuit breaker. Each attempt is timed into the metrics; a
 * user's request counts once in the breaker, whatever its retries, because the retry sits inside.
 *
 * <p>Throws {@link ModelFailure} when every attempt failed, and resilience4j's
 * {@link CallNotPermittedException} while the breaker is open (the model is not called).
 */
final class ResilientModel {

    static final Duration OPEN_FOR = Duration.ofSeconds(10);

    /**
     * The wait before retry k (1, 2): 200 ms x 2^(k-1) plus up to 50 % jitter, so 200-300 ms, then
     * 400-600 ms. resilience4j randomises symmetrically around its interval (interval +- factor),
     * so the interval is the middle of each range, 250 ms x 2^(k-1), and the factor 0.2.
     */
    static final IntervalFunction BACKOFF =
            IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(250), 2.0, 0.2);

    private final ChatModel model;
    private final Metrics metrics;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private volatile Instant openedAt = Instant.EPOCH;

    ResilientModel(ChatModel model, Metrics metrics) {
        this.model = model;
        this.metrics = metrics;
        this.retry = Retry.of("model", RetryConfig.custom()
                .maxAttempts(3) // the first call and two retries
                .intervalFunction(BACKOFF)
                .retryOnException(e -> e instanceof ModelFailure failure && failure.retryable())
                .build());
        this.breaker = CircuitBreaker.of("model", CircuitBreakerConfig.custom()
                // the last 5 requests all failed = 5 consecutive failures
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(100)
                .waitDurationInOpenState(OPEN_FOR)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof ModelFailure)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = Instant.now();
            }
        });
    }

    /** The model's answer to {@code request}, after at most two retries. */
    ChatResponse chat(ChatRequest request) {
        return breaker.executeSupplier(() -> retry.executeSupplier(() -> attempt(request)));
    }

    /** Whole seconds until the open breaker lets a trial request through; at least 1. */
    long secondsUntilTrial() {
        long millis = Duration.between(Instant.now(), openedAt.plus(OPEN_FOR)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private ChatResponse attempt(ChatRequest request) {
        long start = System.nanoTime();
        try {
            ChatResponse response = model.chat(request);
            metrics.modelCall(seconds(start), "");
            TokenUsage usage = response.tokenUsage();
            if (usage != null) {
                metrics.tokens(usage.inputTokenCount(), usage.outputTokenCount());
            }
            return response;
        } catch (RuntimeException e) {
            ModelFailure failure = ModelFailure.of(e);
            metrics.modelCall(seconds(start), failure.errorType());
            throw failure;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
