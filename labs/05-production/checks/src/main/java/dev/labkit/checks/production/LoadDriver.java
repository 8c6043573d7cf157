package dev.labkit.checks.production;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Sends a fixed number of HTTP requests with a fixed number of workers (a closed-loop load test: each
 * worker sends its next request when the previous one is answered), and measures each request's latency,
 * from sending to the whole body received. Uses the JDK's {@link HttpClient} (HTTP/1.1, its connections
 * kept alive and reused), one platform thread per worker.
 */
final class LoadDriver {

    private final HttpClient http;
    private final Duration requestTimeout;

    /** A driver whose requests each time out after {@code requestTimeout} (then counted as {@code timeout}). */
    LoadDriver(Duration requestTimeout) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build(), requestTimeout);
    }

    LoadDriver(HttpClient http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Sends {@code requests} requests, {@code request.apply(i)} for i = 0..requests-1, with {@code concurrency}
     * workers; returns once every one is answered or failed (each bounded by the request timeout).
     */
    LoadResult run(int requests, int concurrency, IntFunction<HttpRequest> request) throws InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new IllegalArgumentException("a load needs at least one request and one worker, got " + requests
                    + " requests and " + concurrency + " workers");
        }
        AtomicInteger next = new AtomicInteger();
        List<LoadResult.Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "load-worker");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        outcomes.add(send(request.apply(i)));
                    }
                }));
            }
            for (Future<?> worker : running) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a load worker failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        return new LoadResult(List.copyOf(outcomes), Duration.ofNanos(System.nanoTime() - started), concurrency);
    }

    private LoadResult.Outcome send(HttpRequest request) {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(timed, HttpResponse.BodyHandlers.ofString());
            return new LoadResult.Outcome(String.valueOf(response.statusCode()), System.nanoTime() - started);
        } catch (HttpTimeoutException e) {
            return new LoadResult.Outcome("timeout", System.nanoTime() - started);
        } catch (ConnectException e) {
            return new LoadResult.Outcome("refused", System.nanoTime() - started);
        } catch (IOException e) {
            return new LoadResult.Outcome("connection error (" + e.getClass().getSimpleName() + ")",
                    System.nanoTime() - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LoadResult.Outcome("interrupted", System.nanoTime() - started);
        }
    }
}
