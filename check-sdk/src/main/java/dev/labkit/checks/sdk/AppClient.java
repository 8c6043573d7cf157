package dev.labkit.checks.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP client for the learner's app, as checks use it: every call has a deadline, and every
 * way it can go wrong (refused, too slow, not JSON) is a learner-facing assertion failure that
 * names the request, never a raw I/O stack trace.
 */
public final class AppClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final int SHORT = 300;
    /** Redirects {@link #getFollowingRedirects} follows at most: enough for a real page, and a loop ends fast. */
    public static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Closes streams whose deadline passed (reads block; closing the stream unblocks them). */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "app-client-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final URI baseUrl;
    private final Duration timeout;
    private final AppTraffic traffic;
    /** Headers sent with every request, e.g. {@code X-Client-Id}; in the order given. */
    private final Map<String, String> headers;

    public AppClient(URI baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT, new AppTraffic());
    }

    /** A client that records what the app answers into {@code traffic} (a check's evidence). */
    AppClient(URI baseUrl, AppTraffic traffic) {
        this(baseUrl, DEFAULT_TIMEOUT, traffic);
    }

    private AppClient(URI baseUrl, Duration timeout, AppTraffic traffic) {
        this(baseUrl, timeout, traffic, Map.of());
    }

    private AppClient(URI baseUrl, Duration timeout, AppTraffic traffic, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.traffic = traffic;
        this.headers = headers;
    }

    /** A client whose calls have this deadline instead. */
    public AppClient withTimeout(Duration deadline) {
        return new AppClient(baseUrl, deadline, traffic, headers);
    }

    /**
     * A client that sends {@code name: value} with every request (replacing a header of that name it
     * already sent), e.g. {@code withHeader("X-Client-Id", "alice")}. What it is answered is still this
     * check's evidence.
     */
    public AppClient withHeader(String name, String value) {
        Map<String, String> next = new java.util.LinkedHashMap<>();
        headers.forEach((n, v) -> {
            if (!n.equalsIgnoreCase(name)) {
                next.put(n, v);
            }
        });
        next.put(name, value);
        return new AppClient(baseUrl, timeout, traffic, java.util.Collections.unmodifiableMap(next));
    }

    /**
     * A client for another instance of the app (a {@link AppInstance replica}, a {@link LoadBalancer}) at
     * {@code baseUrl}, with this client's deadline and headers; what it is answered is still this check's
     * evidence.
     */
    public AppClient at(URI baseUrl) {
        return new AppClient(baseUrl, timeout, traffic, headers);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Duration timeout() {
        return timeout;
    }

    public AppResponse get(String path) {
        return send("GET", path, null, null);
    }

    /**
     * GETs a page as a browser opening it would: follows up to {@value #MAX_REDIRECTS} redirects
     * (301, 302, 303, 307, 308) within the app (same scheme, host and port). A redirect elsewhere,
     * one without a {@code Location}, or one too many is answered as it is. The answer's {@link
     * AppResponse#request()} names the way, e.g. {@code GET / -> /static/index.html}.
     */
    public AppResponse getFollowingRedirects(String path) {
        long started = System.nanoTime();
        URI at = baseUrl.resolve(path);
        AppResponse response = get(path);
        StringBuilder way = new StringBuilder("GET ").append(path);
        for (int redirects = 0; redirects < MAX_REDIRECTS && REDIRECTS.contains(response.status()); redirects++) {
            URI from = at;
            Optional<URI> next = response.header("location").flatMap(location -> resolve(from, location));
            Optional<String> target = next.flatMap(this::pathInApp);
            if (target.isEmpty()) {
                break;
            }
            at = next.get();
            way.append(" -> ").append(target.get());
            response = get(target.get());
        }
        return way.indexOf(" -> ") < 0 ? response : new AppResponse(way.toString(), response.status(),
                response.headers(), response.body(), since(started));
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            return Optional.of(base.resolve(location.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The path and query of {@code uri} (absolute, e.g. resolved against a page's address) when it
     * points into the app: same scheme, host and port as {@link #baseUrl()}; else empty.
     */
    public Optional<String> pathInApp(URI uri) {
        if (!baseUrl.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                || !baseUrl.getHost().equalsIgnoreCase(String.valueOf(uri.getHost())) || port(baseUrl) != port(uri)) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    public AppResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    /**
     * POSTs a JSON body: a {@code String} is sent as it is (so checks can send malformed JSON);
     * anything else (a map, a record) is serialised with Jackson.
     */
    public AppResponse postJson(String path, Object body) {
        return send("POST", path, "application/json", toJson(body));
    }

    /**
     * POSTs a {@code multipart/form-data} body (an HTML form with files). Failure messages name the
     * parts, e.g. {@code POST /api/ask (sessionId="s1", image=photo.png (image/png, 48,213 bytes))}.
     */
    public AppResponse postMultipart(String path, MultipartForm form) {
        MultipartForm.Encoded encoded = form.encode();
        return exchange("POST " + path + " (" + form.describe() + ")", request("POST", path, encoded.contentType(),
                HttpRequest.BodyPublishers.ofByteArray(encoded.body())));
    }

    /** Sends any request; {@code contentType} and {@code body} may be null. */
    public AppResponse send(String method, String path, String contentType, String body) {
        return exchange(method + " " + path, request(method, path, contentType, body));
    }

    private AppResponse exchange(String what, HttpRequest request) {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> future =
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            traffic.answered(what, response.statusCode(), response.headers().firstValue("content-type"),
                    response.body());
            return new AppResponse(what, response.statusCode(), headers(response), response.body(), since(started));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unanswered(what, new AssertionError(what + " did not answer within " + seconds(timeout)));
        } catch (ExecutionException e) {
            throw unanswered(what, failure(what, e.getCause(), timeout));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted");
        }
    }

    /**
     * POSTs a JSON body and reads the answer as server-sent events until the stream ends or the
     * deadline passes (then {@link SseResponse#complete()} is false). An answer that is not an
     * event stream (e.g. a 400 with a JSON error) is read whole into {@link SseResponse#body()}.
     */
    public SseResponse stream(String path, Object body) {
        String what = "POST " + path;
        HttpRequest request = request("POST", path, "application/json", toJson(body));
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> future = HTTP.sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unanswered(what, new AssertionError(what + " did not start answering within " + seconds(timeout)));
        } catch (ExecutionException e) {
            throw unanswered(what, failure(what, e.getCause(), timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted");
        }
        List<SseEvent> events = new ArrayList<>();
        boolean[] cutOff = {false};
        RecordingStream in = new RecordingStream(response.body(), SseResponse.RECEIVED_LIMIT);
        ScheduledFuture<?> closer = DEADLINES.schedule(() -> {
            cutOff[0] = true;
            closeQuietly(in);
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        String text = "";
        String unended = "";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (MediaType.is(response.headers().firstValue("content-type"), "text/event-stream")) {
                unended = SseReader.read(reader,
                        (type, data, id) -> events.add(new SseEvent(type, data, id, since(started))));
            } else {
                text = reader.lines().reduce((a, b) -> a + "\n" + b).orElse("");
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            if (!cutOff[0]) {
                throw new AssertionError(what + ": the connection broke while reading the answer (" + e.getMessage()
                        + ")");
            }
        } finally {
            closer.cancel(false);
        }
        SseResponse answer = new SseResponse(what, response.statusCode(), headers(response), events, text, unended,
                in.start(), !cutOff[0], since(started));
        if (answer.isEventStream()) {
            traffic.streamed(what, answer.status(), answer.header("content-type"), answer.brokenRule(), in.start());
        } else {
            traffic.answered(what, answer.status(), answer.header("content-type"), text);
        }
        return answer;
    }

    private HttpRequest request(String method, String path, String contentType, String body) {
        return request(method, path, contentType, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpRequest request(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .method(method, body);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::setHeader);
        return builder.build();
    }

    /** Records a request the app did not answer, with the failure the check will report. */
    private AssertionError unanswered(String what, AssertionError failure) {
        String message = failure.getMessage();
        traffic.unanswered(what, message.startsWith(what) ? message.substring(what.length()).replaceFirst("^:? ", "")
                : message);
        return failure;
    }

    /** The client's own timeout and the deadline race: both say the same thing. */
    private static AssertionError failure(String what, Throwable cause, Duration timeout) {
        if (cause instanceof ConnectException) {
            return new AssertionError(what + ": connection refused: is the app still running and listening on PORT?");
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return new AssertionError(what + " did not answer within " + seconds(timeout));
        }
        return new AssertionError(what + " failed: the app closed the connection or sent an invalid answer ("
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + ")");
    }

    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
        return headers;
    }

    private static String toJson(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getMessage(), e);
        }
    }

    /** Keeps the first bytes read through it, so that a message can show what the app sent, line ends and all. */
    private static final class RecordingStream extends java.io.FilterInputStream {
        private final java.io.ByteArrayOutputStream start = new java.io.ByteArrayOutputStream();
        private final int limit;

        RecordingStream(InputStream in, int limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && start.size() < limit) {
                start.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                start.write(buffer, offset, Math.min(n, limit - start.size()));
            }
            return n;
        }

        String start() {
            return start.toString(StandardCharsets.UTF_8);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing is how the deadline interrupts the read; nothing else to do.
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Text cut to its first 300 characters, with its full length, for failure messages. */
    public static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= SHORT ? text : text.substring(0, SHORT) + "… (" + text.length() + " chars)";
    }
}
