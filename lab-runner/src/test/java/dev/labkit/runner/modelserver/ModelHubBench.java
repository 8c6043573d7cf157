package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static dev.labkit.runner.modelserver.ModelServerFixture.EMBEDDING_MODEL;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: it only prints (docs/benchmarks.md, "One lab model for a batch"). Its name ends in
 * {@code Bench}, so the build's test run leaves it out; run it with {@code bench/model-hub.sh}. A batch of
 * {@value #SUBMISSIONS} submissions, {@value #JOBS} at a time, each sending the same {@value #PROMPTS} RAG prompts
 * (the same lab: the same documents and questions) at concurrency {@value #CONCURRENCY}, answered by the default
 * answer: once with a lab model of its own per submission (before LabModelHub), once with a seat each in one hub.
 */
class ModelHubBench {

    private static final int SUBMISSIONS = 6;
    private static final int JOBS = 2;
    private static final int PROMPTS = 40;
    private static final int CONCURRENCY = 10;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A lab's documents: sentences the prompts quote, a few per prompt. */
    private static String segment(int i) {
        return "Document " + i + " says that the greenhouse zone " + i + " needs " + (i % 7 + 1)
                + " litres of water a day. The sensor " + i + " reports humidity every " + (i % 5 + 2)
                + " minutes, and the fan of zone " + i + " turns on above " + (20 + i % 9) + " degrees.";
    }

    private static String prompt(int i) {
        String question = "How much water does zone " + i + " need, and when does its fan turn on?";
        String content = question + "\\n\\nAnswer using the following information:\\n" + segment(i) + "\\n\\n"
                + segment(i + 1) + "\\n\\n" + segment(i + 2);
        return "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are Sprout, a gardening assistant.\"},{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    /** One submission's checks: every prompt once, {@value #CONCURRENCY} at a time. */
    private void submission(LabModelServer server) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < PROMPTS; i++) {
                String body = prompt(i);
                sent.add(clients.submit(() -> {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/api/chat")).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("answered " + answer.statusCode() + ": " + answer.body());
                    }
                    return null;
                }));
            }
            for (Future<?> answer : sent) {
                answer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static LabModelServer.Config config() {
        return new LabModelServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ModelScript(),
                new ModelTraffic(), Set.of(CHAT_MODEL), Set.of(EMBEDDING_MODEL));
    }

    /** Opens a lab model for one submission. */
    @FunctionalInterface
    private interface Opener {
        LabModelServer open() throws Exception;
    }

    /** Grades the batch, {@value #JOBS} submissions at a time, each on a lab model from {@code opener}. */
    private void batch(String what, Opener opener) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        long cpu = processCpuNanos();
        long started = System.nanoTime();
        ExecutorService jobs = Executors.newFixedThreadPool(JOBS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < SUBMISSIONS; s++) {
                done.add(jobs.submit(() -> {
                    try (LabModelServer server = opener.open()) {
                        submission(server);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            jobs.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        System.out.printf(Locale.ROOT,
                "BENCH %-44s %6.1f s wall  %6.1f s CPU  %4.0f ms CPU per request  peak threads %d%n", what, seconds,
                cpuSeconds, cpuSeconds * 1e3 / (SUBMISSIONS * PROMPTS), threads.getPeakThreadCount());
    }

    @Test
    void measure() throws Exception {
        LabModelServer.loadEmbeddingModelInBackground();
        LabModelServer.awaitEmbeddingModelLoad();
        try (LabModelServer warm = LabModelServer.start(config())) {
            submission(warm); // the JIT; its cache goes with it
        }
        batch("a lab model of its own per submission", () -> LabModelServer.start(config()));
        try (LabModelHub hub = new LabModelHub()) {
            batch("one hub, a seat per submission", () -> hub.seat(config()));
        }
    }

    /** CPU time of the whole JVM so far, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
