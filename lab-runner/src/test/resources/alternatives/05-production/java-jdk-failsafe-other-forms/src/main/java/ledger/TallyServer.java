package ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Tally on the JDK's HTTP server: {@code POST /api/chat}, {@code GET /health/live}, {@code GET /health/ready} and
 * {@code GET /metrics}. Every answer carries {@code X-Request-Id}; every request on {@code /api/*} is rate limited
 * per client and writes one JSON log line; every routed request is observed in
 * {@code http_server_request_duration_seconds}. On SIGTERM it closes its port, waits up to 10 s for the requests
 * in flight, then exits.
 */
public final class TallyServer {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final long DRAIN_NANOS = Duration.ofSeconds(10).toNanos();

    private final Logger log = LogManager.getLogger(TallyServer.class);
    private final Answers answers;
    private final ChatHandler chat;
    private final Readiness readiness;
    private final Telemetry telemetry;
    private final ClientLimits limits = new ClientLimits();
    private final AtomicInteger inFlight = new AtomicInteger();

    private TallyServer(Answers answers, ChatHandler chat, Readiness readiness, Telemetry telemetry) {
        this.answers = answers;
        this.chat = chat;
        this.readiness = readiness;
        this.telemetry = telemetry;
    }

    public static void main(String[] args) throws IOException {
        // Everything that logs through java.util.logging (Micrometer, Reactor) goes to Log4j2's JSON lines too.
        System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        // The JDK's server writes a response's headers and body apart: without TCP_NODELAY, Nagle's algorithm holds
        // the body until the client acknowledges the headers (up to its delayed-ACK time, 40 ms on Linux).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Logger log = LogManager.getLogger(TallyServer.class);
        Settings settings = Settings.from(System.getenv());
        ObjectMapper json = new ObjectMapper();
        ExecutorService workers = Executors.newFixedThreadPool(96);
        // The client's completions run on its selector thread (a direct executor): the body handlers are
        // non-blocking (ofString, discarding) and the callers wait with a timeout, so no thread hop is needed.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).executor(Runnable::run).build();
        Telemetry telemetry = new Telemetry(settings.model());
        SessionStore sessions = new SessionStore(settings.redisUrl(), json);
        Answers answers = new Answers(json);
        ModelGuard model = new ModelGuard(new OllamaChat(http, settings, telemetry, json));
        TallyServer tally = new TallyServer(answers, new ChatHandler(json, answers, sessions, model, settings.model()),
                new Readiness(http, settings, sessions, Executors.newCachedThreadPool(), answers), telemetry);

        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 512);
        server.createContext("/", tally::serve);
        server.setExecutor(workers);
        server.start();
        // Open the Redis connection now rather than on the first request (netty's start is not instant).
        CompletableFuture.runAsync(() -> sessions.answers(Duration.ofSeconds(5)), workers);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> tally.drain(server, sessions), "shutdown"));
        log.info("Tally listens on {}:{}, model {} at {}", settings.host(), server.getAddress().getPort(),
                settings.model(), settings.ollama().getHost() + ":" + settings.ollama().getPort());
    }

    /** Closes the port at once, waits up to 10 s for the requests in flight, then lets the JVM exit. */
    private void drain(HttpServer server, SessionStore sessions) {
        log.info("Stopping: {} request(s) in flight", inFlight.get());
        // HttpServer.stop closes the listening socket first, then waits for the exchanges to finish: run it aside
        // and watch the requests in flight here, so that the exit follows the last answer.
        Thread stopper = new Thread(() -> server.stop(10), "http-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("Stopped with {} request(s) unfinished", inFlight.get());
        try {
            sessions.close();
        } catch (RuntimeException e) {
            // exiting anyway
        }
        LogManager.shutdown();
    }

    private void serve(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        String given = exchange.getRequestHeaders().getFirst("X-Request-Id");
        String requestId = given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String route = route(path);
        try {
            route(exchange, method, path, route);
        } catch (Exception e) {
            log.error("{} {} failed", method, route == null ? "(unrouted)" : route, e);
            if (exchange.getAttribute(Answers.STATUS) == null) {
                answers.error(exchange, 500, "Something went wrong on our side; please try again.");
            }
        } finally {
            exchange.close();
            long took = System.nanoTime() - start;
            int status = exchange.getAttribute(Answers.STATUS) instanceof Integer s ? s : 500;
            if (route != null) {
                telemetry.request(method, route, status, took);
            }
            if (path.startsWith("/api/")) {
                Level level = status >= 500 ? Level.WARN : Level.INFO;
                log.log(level, new RequestLine(requestId, method, route == null ? path : route, status,
                        took / 1_000_000.0));
            }
            inFlight.decrementAndGet();
        }
    }

    /** The route template a path belongs to, or null. */
    private static String route(String path) {
        return switch (path) {
            case "/api/chat", "/health/live", "/health/ready", "/metrics" -> path;
            default -> null;
        };
    }

    private void route(HttpExchange exchange, String method, String path, String route) throws IOException {
        if (path.startsWith("/api/")) {
            String client = exchange.getRequestHeaders().getFirst("X-Client-Id");
            if (client == null || client.isBlank()) {
                client = exchange.getRemoteAddress().getAddress().getHostAddress();
            }
            OptionalLong wait = limits.take(client);
            if (wait.isPresent()) {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(wait.getAsLong()));
                answers.error(exchange, 429, "Too many requests; please wait " + wait.getAsLong() + " s.");
                return;
            }
        }
        if (route == null) {
            answers.error(exchange, 404, "There is nothing at " + path + ".");
            return;
        }
        String allowed = route.equals("/api/chat") ? "POST" : "GET";
        if (!method.equals(allowed)) {
            exchange.getResponseHeaders().set("Allow", allowed);
            answers.error(exchange, 405, "Use " + allowed + " on " + route + ".");
            return;
        }
        switch (route) {
            case "/api/chat" -> chat.handle(exchange);
            case "/health/live" -> answers.json(exchange, 200, liveBody());
            case "/health/ready" -> {
                Readiness.Result ready = readiness.check();
                answers.json(exchange, ready.up() ? 200 : 503, ready.body());
            }
            default -> answers.text(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", telemetry.scrape());
        }
    }

    /** Liveness checks nothing outside the process: {@code {"checks": [], "status": "UP"}}. */
    private ObjectNode liveBody() {
        ObjectNode body = answers.object();
        body.putArray("checks");
        body.put("status", "UP");
        return body;
    }
}
