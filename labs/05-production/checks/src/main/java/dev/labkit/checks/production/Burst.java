package dev.labkit.checks.production;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Requests sent at once: each on its own thread, all released together by one latch, so that they reach
 * the app within a few milliseconds (a burst a rate limiter must cut).
 */
final class Burst {

    private Burst() {}

    /**
     * Sends {@code count} requests at once, {@code send.apply(i)} for i = 0..count-1, and returns what each was
     * answered, in that order. A request the app did not answer fails with the client's message.
     */
    static List<AppResponse> send(int count, Function<Integer, AppResponse> send) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(count, r -> {
            Thread thread = new Thread(r, "burst");
            thread.setDaemon(true);
            return thread;
        });
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<AppResponse>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                sent.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return send.apply(index);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<AppResponse> answers = new ArrayList<>();
            for (Future<AppResponse> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw new AssertionError("a request of the burst failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a request of the burst got no answer within 60 s");
        } finally {
            threads.shutdownNow();
        }
    }

    /** Answers grouped by status, e.g. {@code {200=10, 429=10}}. */
    static java.util.Map<Integer, Long> statuses(List<AppResponse> answers) {
        return answers.stream().collect(java.util.stream.Collectors.groupingBy(AppResponse::status,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }
}
