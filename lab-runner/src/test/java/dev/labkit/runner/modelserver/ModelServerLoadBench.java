package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;

import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: it only prints (docs/benchmarks.md, "The lab model under load"). Its name ends
 * in {@code Bench}, so the build's test run leaves it out; run it with {@code bench/model-load.sh}.
 * Measures what the lab model itself costs a lab 05 load check: the default answer to a short chat
 * prompt, one at a time, and 300 requests at concurrency 20 with a 50 ms model latency.
 */
class ModelServerLoadBench {

    private static final String PERSONA = "You are Tally, the helpful assistant of Ledger & Co, a bookkeeping firm. "
            + "Answer briefly and politely.";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static String chat(int i) {
        return "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,\"messages\":[{\"role\":\"system\",\"content\":\""
                + PERSONA + "\"},{\"role\":\"user\",\"content\":\"Hello, I am client " + i
                + ". When is my VAT return due?\"}]}";
    }

    /** Milliseconds one request took, end to end. */
    private double send(ModelServerFixture model, String body) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(model.uri("/api/chat"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
        }
        return (System.nanoTime() - started) / 1e6;
    }

    @Test
    void measure() throws Exception {
        LabModelServer.loadEmbeddingModelInBackground();
        LabModelServer.awaitEmbeddingModelLoad();
        try (ModelServerFixture model = new ModelServerFixture()) {
            for (int i = 0; i < 200; i++) {
                send(model, chat(-1 - i)); // warm-up: the JIT, the sentence cache of the persona
            }
            List<Double> same = new ArrayList<>();
            List<Double> fresh = new ArrayList<>();
            long sameCpu = 0;
            long freshCpu = 0;
            for (int i = 0; i < 200; i++) {
                long t = processCpuNanos();
                same.add(send(model, chat(0)));
                long u = processCpuNanos();
                fresh.add(send(model, chat(1000 + i)));
                sameCpu += u - t;
                freshCpu += processCpuNanos() - u;
            }
            System.out.printf(Locale.ROOT, "BENCH %-66s %.1f ms (same prompt), %.1f ms (new question)%n",
                    "CPU per request over HTTP, client and server (the whole process)", sameCpu / 1e6 / 200,
                    freshCpu / 1e6 / 200);
            print("default answer, the same prompt again (200, one at a time)", same, 0);
            print("default answer, a new question each time (200, one at a time)", fresh, 0);
            DefaultResponder responder = new DefaultResponder(SentenceVectors.inProcess());
            List<Double> inProcess = new ArrayList<>();
            long cpu = processCpuNanos();
            for (int i = 0; i < 200; i++) {
                dev.labkit.checks.sdk.ModelRequest request = OllamaRequests.chat(Wire.parse(
                        chat(20_000 + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))).request();
                long t = System.nanoTime();
                responder.reply(request);
                inProcess.add((System.nanoTime() - t) / 1e6);
            }
            System.out.printf(Locale.ROOT, "BENCH %-66s %.1f ms of CPU per answer (the whole process)%n",
                    "  its computation alone, CPU", (processCpuNanos() - cpu) / 1e6 / 200);
            print("  its computation alone, a new question each time (no HTTP)", inProcess, 0);
            model.script.onChat().reply("Your VAT return is due on the 7th.");
            List<Double> scripted = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                send(model, chat(2000 + i)); // warm-up
            }
            long scriptedCpu = processCpuNanos();
            for (int i = 0; i < 200; i++) {
                scripted.add(send(model, chat(3000 + i)));
            }
            System.out.printf(Locale.ROOT, "BENCH %-66s %.1f ms%n",
                    "CPU per request over HTTP, a scripted text answer", (processCpuNanos() - scriptedCpu) / 1e6 / 200);
            print("a scripted text answer (200, one at a time)", scripted, 0);
            model.script.clear();

            model.script.onChat().then(Reply.delayed(Duration.ofMillis(50), Reply.useDefault()));
            for (int i = 0; i < 20; i++) {
                send(model, chat(5000 + i));
            }
            model.traffic.reset();
            ExecutorService clients = Executors.newFixedThreadPool(20);
            List<Double> loaded = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int n = 10_000 + i;
                    done.add(clients.submit(() -> {
                        loaded.add(send(model, chat(n)));
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            print("50 ms latency + default answer, 300 at concurrency 20", loaded, 300 / seconds);
            List<Double> server = model.traffic.exchanges().stream()
                    .map(ModelExchange::duration).map(d -> d.toNanos() / 1e6).toList();
            print("  the same, as recorded (arrival to last byte)", server, 0);

            model.script.clear();
            model.script.onChat().then(Reply.delayed(Duration.ofMillis(50), Reply.text("Your VAT return is due.")));
            model.traffic.reset();
            clients = Executors.newFixedThreadPool(20);
            List<Double> texts = Collections.synchronizedList(new ArrayList<>());
            started = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int n = 30_000 + i;
                    done.add(clients.submit(() -> {
                        texts.add(send(model, chat(n)));
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
            print("50 ms latency + scripted text, 300 at concurrency 20", texts, 300 / ((System.nanoTime() - started) / 1e9));
        }
    }

    /** CPU time of the whole JVM so far, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void print(String what, List<Double> millis, double perSecond) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "BENCH %-66s p50 %6.1f  p95 %6.1f  p99 %6.1f  max %6.1f ms%s%n", what,
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted.get(sorted.size() - 1),
                perSecond > 0 ? String.format(Locale.ROOT, "  %.0f req/s", perSecond) : "");
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
