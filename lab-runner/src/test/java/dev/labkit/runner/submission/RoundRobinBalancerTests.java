package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.AppInstance;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The round-robin load balancer in front of two real HTTP servers on 127.0.0.1: per request, even on one
 * keep-alive connection; method, path, query, headers and bodies both ways; event streams unbuffered; counts;
 * 502 for an instance that does not answer; 300 requests at concurrency 20 with little overhead.
 */
class RoundRobinBalancerTests {

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<RoundRobinBalancer> balancers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** An instance that is just a URL: the balancer needs no more. */
    private record Backend(URI url) implements AppInstance {
        @Override
        public String logTail() {
            return "";
        }

        @Override
        public boolean isRunning() {
            return true;
        }
    }

    @AfterEach
    void stop() {
        balancers.forEach(RoundRobinBalancer::close);
        servers.forEach(server -> server.stop(0));
    }

    /**
     * A backend named {@code name}: {@code /echo} answers what it got (method, path, query, two headers, body)
     * and echoes X-Request-Id; {@code /events} streams two events a second apart; {@code /slow} answers after
     * {@code latencyMs}.
     */
    private Backend backend(String name, long latencyMs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("X-Request-Id");
            exchange.getResponseHeaders().set("X-Request-Id", id == null ? "none" : id);
            exchange.getResponseHeaders().set("X-Backend", name);
            answer(exchange, 201, name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " ?" + exchange.getRequestURI().getRawQuery() + " client="
                    + exchange.getRequestHeaders().getFirst("X-Client-Id") + " body=" + body);
        });
        server.createContext("/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1500);
                out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, name);
        });
        server.start();
        servers.add(server);
        return new Backend(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private RoundRobinBalancer balancer(AppInstance... instances) {
        RoundRobinBalancer balancer = RoundRobinBalancer.start(List.of(instances));
        balancers.add(balancer);
        return balancer;
    }

    @Test
    void alternatesPerRequestOnOneKeepAliveConnectionAndPassesEverythingBothWays() throws Exception {
        RoundRobinBalancer balancer = balancer(backend("a", 0), backend("b", 0));

        List<RawResponse> responses = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), balancer.url().getPort())) {
            socket.setSoTimeout(10_000);
            for (int i = 1; i <= 4; i++) {
                String body = "{\"n\":" + i + "}";
                String request = "POST /echo/x?session=s" + i + "&q=a%20b HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-Request-Id: req-" + i + "\r\nX-Client-Id: client-" + i + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                responses.add(RawResponse.read(socket.getInputStream()));
            }
        }

        assertThat(responses).extracting(r -> r.headers().get("x-backend")).containsExactly("a", "b", "a", "b");
        assertThat(responses).extracting(RawResponse::status).containsOnly(201);
        assertThat(responses.get(1).body()).isEqualTo("b POST /echo/x ?session=s2&q=a%20b client=client-2"
                + " body={\"n\":2}");
        assertThat(responses.get(2).headers()).containsEntry("x-request-id", "req-3");
        assertThat(balancer.requestsPerInstance()).containsExactly(2, 2);
        assertThat(balancer.instances()).hasSize(2);
    }

    @Test
    void streamsEventsAsTheyComeNotWhenTheResponseEnds() throws Exception {
        RoundRobinBalancer balancer = balancer(backend("a", 0));
        long started = System.nanoTime();

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(balancer.url().resolve("/events"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).isEqualTo("data: one");
            long firstEventMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(firstEventMs).as("the first event, before the second is even sent").isLessThan(1200);
            assertThat(events.readLine()).isEmpty();
            assertThat(events.readLine()).isEqualTo("data: two");
        }
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    }

    @Test
    void anInstanceThatDoesNotAnswerGivesTheClient502() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        RoundRobinBalancer balancer = balancer(backend("a", 0), new Backend(URI.create("http://127.0.0.1:" + closed)));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(http.send(HttpRequest.newBuilder(balancer.url().resolve("/echo")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }

        assertThat(statuses).containsExactly(201, 502, 201, 502);
        assertThat(balancer.requestsPerInstance()).containsExactly(2, 2);
    }

    /**
     * The lab's load check in miniature: 20 warm-up requests, then 300, 20 at a time, 50 ms each at the
     * backend: p95 within the lab's 250 ms, or, on a test machine so busy that even straight to a backend the
     * p95 is beyond 125 ms, within twice that (a balancer that held requests back, one connection or one
     * instance at a time, would take 500 ms and more).
     */
    @Test
    void holdsTwentyConcurrentRequestsWithLittleOverhead() throws Exception {
        Backend a = backend("a", 50);
        RoundRobinBalancer balancer = balancer(a, backend("b", 50));
        load(balancer.url(), 1);
        load(a.url(), 1);

        long direct = p95(load(a.url(), 15));
        long through = p95(load(balancer.url(), 15));

        assertThat(through).as("p95 through the balancer (ms); straight to a backend: " + direct)
                .isLessThanOrEqualTo(Math.max(250, 2 * direct));
        assertThat(balancer.requestsPerInstance()).containsExactly(160, 160);
    }

    private static long p95(List<Long> millis) {
        assertThat(millis).hasSize(300);
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    /** 20 clients at once, each sending {@code each} requests in a row to {@code base}; the time of each, in ms. */
    private List<Long> load(URI base, int each) throws Exception {
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long started = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/slow"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(response.statusCode()).isEqualTo(200);
                        millis.add((System.nanoTime() - started) / 1_000_000);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return millis;
    }

    /** One HTTP/1.1 response read off a raw connection: fixed length or chunked. */
    private record RawResponse(int status, Map<String, String> headers, String body) {
        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection ended mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }
}
