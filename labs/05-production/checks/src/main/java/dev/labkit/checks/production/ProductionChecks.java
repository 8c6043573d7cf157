package dev.labkit.checks.production;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.AppInstance;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.ContainerImages;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.ImageTarball;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.LabService;
import dev.labkit.checks.sdk.LoadBalancer;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.Metrics;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.PrometheusScrape;
import dev.labkit.checks.sdk.Reply;
import dev.labkit.checks.sdk.Tier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Lab 05, Tally the bookkeeping firm's assistant made fit for production: its image, health, metrics, logs,
 * limits, resilience and replicas, as the brief's contract states them. Every check sends its own
 * {@code X-Client-Id} (so that the rate limit of one check never cuts another's requests) and its own session
 * ids; checks that need a second instance start a replica, which the runner stops when the check ends.
 */
@LabChecks
public class ProductionChecks {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";

    static final String HTTP_DURATION = "http_server_request_duration_seconds";
    static final String TOKEN_USAGE = "gen_ai_client_token_usage";
    static final String OPERATION_DURATION = "gen_ai_client_operation_duration_seconds";

    /** How long readiness may take to follow the model server or Redis (the contract caches probes up to 1 s). */
    static final Duration READINESS_WITHIN = Duration.ofSeconds(5);

    /** The waits the contract's backoff gives at least (200 ms, 400 ms), less 10 ms for timer granularity. */
    static final Duration FIRST_WAIT = Duration.ofMillis(190);
    static final Duration SECOND_WAIT = Duration.ofMillis(390);

    /** The load: 1000 warm-up requests (the JIT compiles the hot path), then 300 at concurrency 20, the model answering in 50 ms. */
    static final int WARM_UP = 1000;
    static final int LOAD_REQUESTS = 300;
    static final int LOAD_CONCURRENCY = 20;
    static final Duration MODEL_LATENCY = Duration.ofMillis(50);
    static final double P95_LIMIT_MS = 250;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A short random tag (8 letters and digits), so that a check's ids and texts are its own. */
    static String tag() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            tag.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return tag.toString();
    }

    /** The app as one client of this check sees it: its own {@code X-Client-Id}. */
    private static AppClient client(AppClient app, String name) {
        return app.withHeader("X-Client-Id", "checks-" + name + "-" + tag());
    }

    // ---- image

    @Check(id = "prod.image", title = "target/jib-image.tar: a non-root image whose entrypoint starts the app, with "
            + "no secrets; it starts and is live within 10 s", points = 10,
            hint = "Bind jib-maven-plugin's buildTar goal to the package phase, set <container><user>1000</user>, "
                    + "keep secrets out of the image (no credentials in <environment>, no .env or key files in "
                    + "src/main/jib or resources), and make GET /health/live answer 200 without the model or Redis.")
    void image(LabEnvironment environment, AppClient app, Metrics metrics) throws Exception {
        Path tar = environment.appDir().resolve("target/jib-image.tar");
        Expect.that(Files.isRegularFile(tar), () -> "target/jib-image.tar is missing after mvn package: bind "
                + "jib-maven-plugin's buildTar goal to the package phase (an <execution> with <phase>package</phase>"
                + " and <goals><goal>buildTar</goal></goals>); jib:buildTar needs no Docker");
        ImageTarball image = ImageTarball.read(tar);
        metrics.record("image.size.mb", image.size() / 1_000_000.0);
        metrics.record("image.layers", image.layers().size());

        Expect.that(!image.isRoot(), () -> "the image runs as root (config user \""
                + image.user() + "\"" + (image.user().isBlank() ? ", unset" : "") + "): set <container><user>1000"
                + "</user></container> in jib-maven-plugin's configuration");
        Expect.that(!image.entrypoint().isEmpty() || !image.cmd().isEmpty(), () -> "the image has no entrypoint "
                + "(nor a command): nothing would start the app; let Jib write its entrypoint (java ... your main "
                + "class) or set <container><entrypoint>");
        List<String> secretVariables = ImageSecrets.inEnvironment(image.env());
        Expect.that(secretVariables.isEmpty(), () -> "the image's environment holds what looks like a secret: "
                + String.join(", ", secretVariables) + "; give secrets to the container when it runs, never in "
                + "<container><environment>");
        List<String> secretFiles = ImageSecrets.inFiles(image.files());
        Expect.that(secretFiles.isEmpty(), () -> "the image holds files of secrets: " + secretFiles.stream().limit(10)
                .collect(Collectors.joining(", ")) + (secretFiles.size() > 10 ? " and " + (secretFiles.size() - 10)
                + " more" : "") + "; keep them out of src/main/resources, src/main/jib and <extraDirectories>");

        ContainerImages docker = environment.containerImages();
        Optional<String> noDocker = docker.unavailable();
        if (noDocker.isPresent()) {
            // The tarball passed; starting it needs Docker. A passed check carries no message: the metric says it.
            metrics.record("image.start.skipped", 1);
            return;
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "8080");
        env.put("LAB_CHAT_MODEL", environment.models().getOrDefault("chat", "qwen2.5:0.5b"));
        env.put("OLLAMA_BASE_URL", "http://127.0.0.1:9");
        env.put("LAB_REDIS_URL", "redis://127.0.0.1:9");
        try (ContainerImages.RunningContainer container = docker.run(tar, env, 8080)) {
            StatusPoll.Result live = StatusPoll.until(app.at(container.url()).withTimeout(Duration.ofSeconds(2)),
                    LIVE, 200, Duration.ofSeconds(10));
            metrics.record("image.live.ms", live.took().toMillis());
            Expect.that(live.reached(), () -> "the image started (env " + env + ", HOST unset: listen on 0.0.0.0) "
                    + "but GET /health/live did not answer 200 within 10 s (polled: " + live.describe() + "); the "
                    + "container " + (container.isRunning() ? "still runs" : "has exited") + "; its output:\n"
                    + lastLines(container.logs(), 15));
        }
    }

    // ---- health

    @Check(id = "prod.health", title = "GET /health/live and /health/ready answer 200 UP; live stays 200 while the "
            + "model is down", points = 5,
            hint = "Serve MicroProfile Health's paths: GET /health/live 200 {\"status\":\"UP\"} whenever the process "
                    + "runs (check nothing outside it), GET /health/ready 200 {\"status\":\"UP\",\"checks\":[...]} "
                    + "when the model server and Redis answer.")
    void health(AppClient app, ModelScript model) throws Exception {
        AppClient health = app.withTimeout(Duration.ofSeconds(5));
        expectUp(health.get(LIVE), "with everything up");
        StatusPoll.Result ready = StatusPoll.until(health, READY, 200, READINESS_WITHIN);
        Expect.that(ready.reached(), () -> "GET /health/ready should answer 200 while the model server and Redis "
                + "answer, but within " + READINESS_WITHIN.toSeconds() + " s it answered: " + ready.describe()
                + lastBody(ready));
        expectUp(ready.last(), "with the model server and Redis up");

        model.goDown();
        try {
            expectUp(health.get(LIVE), "while the model server is down (liveness must not depend on it)");
        } finally {
            model.comeBack();
        }
    }

    private static void expectUp(AppResponse response, String situation) {
        Expect.that(response.status() == 200, () -> response.request() + " " + situation + " should answer 200 "
                + "{\"status\":\"UP\"}, got " + response.status() + " " + AppClient.shorten(response.body()));
        String status = response.text("status");
        Expect.that(status.equals("UP"), () -> response.request() + " " + situation + " should answer "
                + "{\"status\":\"UP\"}, got \"status\": \"" + status + "\"");
    }

    private static String lastBody(StatusPoll.Result poll) {
        return poll.last() == null ? "" : "; last body: " + AppClient.shorten(poll.last().body());
    }

    // ---- readiness

    @Check(id = "prod.readiness", title = "GET /health/ready is 503 DOWN while the model server or Redis is down, "
            + "200 UP once it is back", points = 10,
            hint = "On each GET /health/ready (or cached for at most 1 s), probe GET {OLLAMA_BASE_URL}/api/version "
                    + "and Redis PING, each with a 1 s timeout: 200 UP when both answer, else 503 "
                    + "{\"status\":\"DOWN\",\"checks\":[...]}.")
    void readiness(AppClient app, ModelScript model, LabEnvironment environment, Metrics metrics) throws Exception {
        AppClient ready = app.withTimeout(Duration.ofSeconds(4));
        model.goDown();
        try {
            expectReadiness(ready, 503, "DOWN", "while the model server is down (connections to OLLAMA_BASE_URL "
                    + "are closed without an answer)", metrics, "readiness.model-down.ms");
        } finally {
            model.comeBack();
        }
        expectReadiness(ready, 200, "UP", "once the model server is back", metrics, "readiness.model-back.ms");

        LabService redis = environment.services().get("redis");
        if (redis == null) {
            throw new IllegalStateException("the grader gives this run no Redis service (services: redis in "
                    + "lab.yaml), so readiness cannot be checked against it");
        }
        if (!redis.stoppable()) {
            metrics.record("readiness.redis.skipped", 1); // a Redis given by URL cannot be taken down
            return;
        }
        redis.stop();
        try {
            expectReadiness(ready, 503, "DOWN", "while Redis is down (" + redis.url() + " does not answer)", metrics,
                    "readiness.redis-down.ms");
        } finally {
            redis.start();
        }
        expectReadiness(ready, 200, "UP", "once Redis is back", metrics, "readiness.redis-back.ms");
    }

    private static void expectReadiness(AppClient ready, int status, String state, String situation, Metrics metrics,
            String metric) throws InterruptedException {
        StatusPoll.Result poll = StatusPoll.until(ready, READY, status, READINESS_WITHIN);
        Expect.that(poll.reached(), () -> "GET /health/ready " + situation + " should answer " + status + " {\"status\""
                + ":\"" + state + "\"} within " + READINESS_WITHIN.toSeconds() + " s, but it answered: "
                + poll.describe() + lastBody(poll));
        metrics.record(metric, poll.took().toMillis());
        String answered = poll.last().text("status");
        Expect.that(answered.equals(state), () -> "GET /health/ready " + situation + " answered " + status
                + " with \"status\": \"" + answered + "\", expected \"" + state + "\"");
    }

    // ---- metrics

    @Check(id = "live.prod.tokens", title = "With a real model: the token usage metric counts what the model "
            + "reported", points = 5, tier = Tier.LIVE, models = "chat",
            hint = "Observe gen_ai_client_token_usage from the model's own counts (langchain4j: ChatResponse."
                    + "tokenUsage(), Ollama's prompt_eval_count and eval_count), once per answered call and token type")
    void liveTokens(AppClient app, ModelTraffic traffic) throws Exception {
        AppClient client = client(app, "live").withTimeout(Duration.ofSeconds(120));
        String session = "live-tokens-" + tag();
        PrometheusScrape before = scrape(client, "before the question");
        ChatApi.replyOf(ChatApi.send(client, session, "In one sentence: what is an invoice?"), session,
                "a question a real model answers");
        List<ModelExchange> answered = traffic.exchanges().stream()
                .filter(e -> e.request().isChat() && e.status() == 200 && e.usage() != null).toList();
        Expect.that(!answered.isEmpty(), () -> "the real model answered no chat request with token counts: "
                + traffic.transcript());
        int input = answered.stream().mapToInt(e -> e.usage().input()).sum();
        Map<String, String> filter = Map.of("gen_ai_token_type", "input");
        PrometheusScrape after = scrapeUntil(client, s -> new ScrapeDelta(before, s).of(TOKEN_USAGE + "_sum", filter) > 0);
        double sum = new ScrapeDelta(before, after).of(TOKEN_USAGE + "_sum", filter);
        Expect.that(sum == input, () -> "the real model reported " + input + " input tokens (prompt_eval_count), so "
                + TOKEN_USAGE + "_sum{gen_ai_token_type=\"input\"} should move by " + input + ", but it moved by "
                + ScrapeDelta.number(sum));
    }

    @Check(id = "prod.metrics", title = "GET /metrics: Prometheus text with the HTTP and GenAI histograms, moving "
            + "with the traffic sent", points = 10,
            hint = "Expose Prometheus text (client_java's PrometheusTextFormatWriter) with the three histograms the "
                    + "brief names and their labels; observe each /api/chat request once, each model call once "
                    + "(error_type on a failure), and the token counts the model reports (ChatResponse.tokenUsage()).")
    void metrics(AppClient app, ModelScript model, ModelTraffic traffic) throws Exception {
        AppClient client = client(app, "metrics");
        String tag = tag();
        model.when(Match.lastUserMessageContains("fail-" + tag)).fail(500);
        model.onChat().reply("Booked under office supplies.");
        PrometheusScrape before = scrape(client, "before the check's requests");

        int sent = 3;
        for (int i = 1; i <= sent; i++) {
            ChatApi.replyOf(ChatApi.send(client, "metrics-" + tag + "-" + i, "Where do I book invoice " + i + "?"),
                    "metrics-" + tag + "-" + i, "a question the model answers");
        }
        AppResponse failed = ChatApi.send(client, "metrics-" + tag + "-f", "Book this one: fail-" + tag);
        List<ModelExchange> answered = traffic.exchanges().stream()
                .filter(e -> e.request().isChat() && e.status() == 200).toList();
        Map<String, String> ok = Map.of("http_request_method", "POST", "http_route", "/api/chat",
                "http_response_status_code", "200");
        PrometheusScrape after = scrapeUntil(client,
                s -> new ScrapeDelta(before, s).of(HTTP_DURATION + "_count", ok) >= sent);
        ScrapeDelta delta = new ScrapeDelta(before, after);

        for (String name : List.of(HTTP_DURATION, TOKEN_USAGE, OPERATION_DURATION)) {
            Optional<PrometheusScrape.Family> family = after.family(name);
            Expect.that(family.isPresent(), () -> "GET /metrics has no histogram " + name + " (a # TYPE " + name
                    + " histogram line and its _bucket, _count and _sum samples); it has: " + after.describe());
            Expect.that(family.get().type().equals("histogram"), () -> "GET /metrics: " + name + " should be a "
                    + "histogram, it is a " + family.get().type());
        }
        expectLabels(after, HTTP_DURATION, List.of("http_request_method", "http_route", "http_response_status_code"));
        expectLabels(after, TOKEN_USAGE, List.of("gen_ai_operation_name", "gen_ai_provider_name",
                "gen_ai_request_model", "gen_ai_token_type"));
        expectLabels(after, OPERATION_DURATION, List.of("gen_ai_operation_name", "gen_ai_provider_name",
                "gen_ai_request_model"));

        double requests = delta.of(HTTP_DURATION + "_count", ok);
        Expect.that(requests == sent, () -> "the check sent " + sent + " POST /api/chat answered 200, but "
                + HTTP_DURATION + "_count{http_request_method=\"POST\",http_route=\"/api/chat\","
                + "http_response_status_code=\"200\"} moved by " + ScrapeDelta.number(requests)
                + "; its samples now: " + delta.show(HTTP_DURATION + "_count"));

        String modelName = answered.isEmpty() ? "" : answered.get(0).request().model();
        Map<String, String> genAi = Map.of("gen_ai_operation_name", "chat", "gen_ai_provider_name", "ollama",
                "gen_ai_request_model", modelName);
        for (String type : List.of("input", "output")) {
            int expected = 0;
            for (ModelExchange exchange : answered) {
                if (exchange.usage() == null) {
                    throw new IllegalStateException("the lab model reported no token counts for model request #"
                            + exchange.request().number());
                }
                expected += type.equals("input") ? exchange.usage().input() : exchange.usage().output();
            }
            Map<String, String> filter = with(genAi, "gen_ai_token_type", type);
            double count = delta.of(TOKEN_USAGE + "_count", filter);
            double sum = delta.of(TOKEN_USAGE + "_sum", filter);
            int tokens = expected;
            String reported = type.equals("input") ? "prompt_eval_count" : "eval_count";
            Expect.that(count == answered.size() && sum == tokens, () -> "the model answered " + answered.size()
                    + " calls reporting " + tokens + " " + type + " tokens in all (" + reported + "), so "
                    + TOKEN_USAGE + "{" + ScrapeDelta.labels(filter) + "} should move by " + answered.size()
                    + " observations summing to " + tokens + ", but it moved by " + ScrapeDelta.number(count)
                    + " summing to " + ScrapeDelta.number(sum) + "; its samples now: "
                    + delta.show(TOKEN_USAGE + "_count"));
        }

        Predicate<PrometheusScrape.Sample> succeeded = s -> s.labels().getOrDefault("error_type", "").isEmpty();
        double calls = delta.of(OPERATION_DURATION + "_count", genAi, succeeded);
        Expect.that(calls == answered.size(), () -> "the app made " + answered.size() + " successful model calls, "
                + "so " + OPERATION_DURATION + "_count{" + ScrapeDelta.labels(genAi) + "} without error_type should "
                + "move by " + answered.size() + ", but it moved by " + ScrapeDelta.number(calls)
                + "; its samples now: " + delta.show(OPERATION_DURATION + "_count"));
        Predicate<PrometheusScrape.Sample> errored = succeeded.negate();
        double errors = delta.of(OPERATION_DURATION + "_count", Map.of(), errored);
        Expect.that(errors >= 1, () -> "a model call failed (the model answered 500 to \"fail-" + tag + "\"; the app "
                + "answered " + failed.status() + "), so " + OPERATION_DURATION + "_count with an error_type label "
                + "(e.g. error_type=\"500\") should move, but it did not; its samples now: "
                + delta.show(OPERATION_DURATION + "_count"));
    }

    private static PrometheusScrape scrape(AppClient app, String situation) {
        AppResponse response = app.get(METRICS);
        Expect.that(response.status() == 200, () -> "GET /metrics " + situation + " should answer 200 with "
                + "Prometheus text, got " + response.status() + " " + AppClient.shorten(response.body()));
        Expect.that(response.hasMediaType("text/plain"), () -> "GET /metrics should answer Content-Type text/plain; "
                + "version=0.0.4 (the Prometheus text format), got " + response.header("content-type").orElse("none"));
        try {
            return PrometheusScrape.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new AssertionError("GET /metrics " + situation + " is not Prometheus text: " + e.getMessage());
        }
    }

    /** Scrapes until {@code done} holds or 2 s have passed (an app may observe a request just after answering it). */
    private static PrometheusScrape scrapeUntil(AppClient app, Predicate<PrometheusScrape> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        PrometheusScrape scrape = scrape(app, "after the check's requests");
        while (!done.test(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            scrape = scrape(app, "after the check's requests");
        }
        return scrape;
    }

    private static void expectLabels(PrometheusScrape scrape, String name, List<String> labels) {
        PrometheusScrape.Family family = scrape.family(name).orElseThrow();
        List<String> missing = labels.stream().filter(l -> !family.labelNames().contains(l)).toList();
        Expect.that(missing.isEmpty(), () -> "GET /metrics: " + name + " should have the labels " + labels
                + ", but " + missing + (missing.size() == 1 ? " is" : " are") + " missing; it has " + family
                .labelNames());
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(name, value);
        return all;
    }

    // ---- logs

    @Check(id = "prod.logs", title = "Logs are JSON lines; each /api request writes one with its fields", points = 5,
            hint = "Log with a JSON encoder (logstash-logback-encoder), one object per line on stdout, and write one "
                    + "line per /api request with timestamp, level, message, requestId, route, status (a number) "
                    + "and durationMs (a number).")
    void logs(AppClient app, AppControl control, ModelScript model) throws Exception {
        model.onChat().reply("A ledger records every transaction.");
        String session = "logs-" + tag();
        LogWindow window = LogWindow.mark(control);
        AppResponse response = ChatApi.send(client(app, "logs"), session, "What is a ledger?");
        ChatApi.replyOf(response, session, "a question the model answers");
        Optional<String> id = response.header("X-Request-Id").filter(v -> !v.isBlank());

        LogLines lines = LogLines.of(window.await(LogLines.requestLinesOf(List.of(id.orElse(""))),
                Duration.ofSeconds(3)));
        Expect.that(!lines.lines().isEmpty(), () -> "the app printed nothing while it answered POST /api/chat: log "
                + "one JSON line per /api request on stdout");
        List<JsonLogLine> notJson = lines.notJson();
        Expect.that(notJson.isEmpty(), () -> notJson.size() + " of the " + lines.lines().size() + " lines the app "
                + "printed while it answered POST /api/chat " + (notJson.size() == 1 ? "is" : "are") + " not one JSON"
                + " object per line:" + new LogLines(notJson).show(5));
        List<String> incomplete = lines.lines().stream().filter(line -> !line.text("level").isPresent()
                || !line.text("message").isPresent() || line.field("timestamp").isEmpty())
                .map(JsonLogLine::raw).toList();
        Expect.that(incomplete.isEmpty(), () -> "every log line should have \"timestamp\", \"level\" and "
                + "\"message\" (level and message strings); " + incomplete.size() + " do not:" + LogLines.of(incomplete).show(5)
                + (incomplete.stream().anyMatch(line -> line.contains("\"@timestamp\"")) ? "\n(name the time "
                + "\"timestamp\", not \"@timestamp\": logstash-logback-encoder's <fieldNames><timestamp>timestamp"
                + "</timestamp></fieldNames>)" : ""));

        Optional<JsonLogLine> requestLine = lines.requestOrAnyRoute(id.orElse(""));
        Expect.that(requestLine.isPresent(), () -> "no log line is the request's own (\"requestId\": \""
                + id.orElse("?") + "\", the X-Request-Id answered); the app printed:" + lines.show(10));
        List<String> problems = RequestLogFields.problems(requestLine.get(), id.orElse(null), ChatApi.PATH, 200);
        Expect.that(problems.isEmpty(), () -> "the request's log line " + AppClient.shorten(requestLine.get().raw())
                + " is not as the brief says: " + String.join("; ", problems));
    }

    // ---- request id

    @Check(id = "prod.request-id", title = "X-Request-Id: a given one is echoed and logged; one is generated, unique "
            + "and logged when absent; on errors too", points = 5,
            hint = "In a filter for every path: take the request's X-Request-Id when it is 1-128 of A-Za-z0-9._:-, "
                    + "else generate one (a UUID); answer it in X-Request-Id on every response, 400s included, and "
                    + "put it in the request's log line (SLF4J MDC).")
    void requestId(AppClient app, AppControl control, ModelScript model) throws Exception {
        model.onChat().reply("Hello from Tally.");
        String tag = tag();
        AppClient client = client(app, "request-id");
        LogWindow window = LogWindow.mark(control);

        String given = "req." + tag + ":given-1";
        AppResponse echoed = ChatApi.send(client.withHeader("X-Request-Id", given), "rid-" + tag + "-1",
                "Hello, who are you?");
        ChatApi.replyOf(echoed, "rid-" + tag + "-1", "a question with X-Request-Id: " + given);
        expectRequestId(echoed, Optional.of(given), "a request with X-Request-Id: " + given);

        AppResponse first = ChatApi.send(client, "rid-" + tag + "-2", "What are your opening hours?");
        AppResponse second = ChatApi.send(client, "rid-" + tag + "-3", "Do you file tax returns?");
        String generated1 = expectRequestId(first, Optional.empty(), "a request without X-Request-Id");
        String generated2 = expectRequestId(second, Optional.empty(), "another request without X-Request-Id");
        Expect.that(!generated1.equals(generated2) && !generated1.equals(given) && !generated2.equals(given),
                () -> "each request without X-Request-Id should get its own id, but two got \"" + generated1
                        + "\" and \"" + generated2 + "\"");

        String givenBad = "req." + tag + ":bad-1";
        AppResponse bad = client.withHeader("X-Request-Id", givenBad).postJson(ChatApi.PATH,
                Map.of("sessionId", "rid-" + tag + "-4"));
        Expect.that(bad.status() == 400, () -> "POST /api/chat with no \"message\" should answer 400 {\"error\"}, got "
                + bad.status() + " " + AppClient.shorten(bad.body()));
        expectRequestId(bad, Optional.of(givenBad), "a bad request (400) with X-Request-Id: " + givenBad);
        AppResponse badAnonymous = client.postJson(ChatApi.PATH, Map.of("sessionId", "rid-" + tag + "-5",
                "message", " "));
        expectRequestId(badAnonymous, Optional.empty(), "a bad request (400, a blank message) without X-Request-Id");

        List<String> ids = List.of(given, generated1, generated2, givenBad);
        LogLines lines = LogLines.of(window.await(LogLines.requestLinesOf(ids), Duration.ofSeconds(3)));
        List<String> unlogged = ids.stream().filter(id -> lines.request(id).isEmpty()).toList();
        Expect.that(unlogged.isEmpty(), () -> "each request's log line should carry its id in \"requestId\", but no "
                + "line has " + unlogged.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "))
                + " (ids answered: given " + given + ", generated " + generated1 + " and " + generated2 + ", the 400's "
                + givenBad + "); the app printed:" + lines.show(10));
    }

    private static String expectRequestId(AppResponse response, Optional<String> given, String situation) {
        Optional<String> answered = response.header("X-Request-Id");
        Expect.that(answered.isPresent() && !answered.get().isBlank(), () -> situation + ": the answer ("
                + response.status() + ") has no X-Request-Id header");
        given.ifPresent(id -> Expect.that(answered.get().equals(id), () -> situation + ": the answer should echo "
                + "X-Request-Id: " + id + ", it has X-Request-Id: " + answered.get()));
        return answered.get();
    }

    // ---- privacy

    @Check(id = "prod.privacy", title = "The user's message text is in no log line at INFO or above", points = 5,
            hint = "Log the request (requestId, route, status, durationMs), never the user's message or the model's "
                    + "reply at INFO or above; if you need them, log them at DEBUG.")
    void privacy(AppClient app, AppControl control, ModelScript model) throws Exception {
        model.onChat().reply("Filed under salaries.");
        String tag = tag();
        String marker = "Zq" + tag;
        String message = marker + " please book my salary of 4,200 euros to account NL91ABNA0417164300";
        String session = "privacy-" + tag;
        LogWindow window = LogWindow.mark(control);
        AppResponse response = ChatApi.send(client(app, "privacy"), session, message);
        ChatApi.replyOf(response, session, "a question the model answers");
        Optional<String> id = response.header("X-Request-Id").filter(v -> !v.isBlank());

        LogLines lines = LogLines.of(window.await(LogLines.requestLinesOf(List.of(id.orElse(""))),
                Duration.ofSeconds(3)));
        List<JsonLogLine> leaks = lines.containing(marker).stream().filter(JsonLogLine::atInfoOrAbove).toList();
        Expect.that(leaks.isEmpty(), () -> "the user's message (\"" + message + "\") appears in " + leaks.size()
                + " log line(s) at INFO or above (or with no level):" + new LogLines(leaks).show(5));
        Optional<JsonLogLine> requestLine = lines.requestOrAnyRoute(id.orElse(""));
        Expect.that(requestLine.isPresent(), () -> "the request's own log line (\"requestId\": \"" + id.orElse("?")
                + "\") should be there, without the message; the app printed:" + lines.show(10));
    }

    // ---- rate limit

    @Check(id = "prod.rate-limit", title = "20 requests at once from one client: 10 pass, the rest get 429 with "
            + "Retry-After; other clients pass", points = 10,
            hint = "Give each client (X-Client-Id, else its IP) its own token bucket of 10 refilled at 10 per second "
                    + "(e.g. Bucket4j or resilience4j's RateLimiter per key); over the limit answer 429 {\"error\"} "
                    + "with Retry-After in whole seconds at once, without calling the model.")
    void rateLimit(AppClient app, ModelScript model) throws Exception {
        try {
            burstFromTwoClients(app, model);
        } finally {
            awaitBucketsRefilled();
        }
    }

    /**
     * After a check that emptied token buckets: the time a bucket of 10 takes to refill at 10 per second, and some,
     * so that the next check meets the app as the grader started it (an app with one bucket for all clients would
     * otherwise refuse the next check's requests, and fail checks that are not about limits).
     */
    private static void awaitBucketsRefilled() throws InterruptedException {
        Thread.sleep(BUCKET_REFILL.toMillis());
    }

    static final Duration BUCKET_REFILL = Duration.ofMillis(1500);

    private void burstFromTwoClients(AppClient app, ModelScript model) throws Exception {
        model.onChat().reply("Noted.");
        String tag = tag();
        AppClient first = app.withHeader("X-Client-Id", "rate-" + tag + "-a");
        List<AppResponse> burst = Burst.send(20, i -> ChatApi.send(first, "rate-" + tag + "-" + i,
                "Quick question number " + i));
        Map<Integer, Long> statuses = Burst.statuses(burst);
        long passed = statuses.getOrDefault(200, 0L);
        long limited = statuses.getOrDefault(429, 0L);
        Expect.that(passed >= 10 && limited >= 8, () -> "20 requests at once from client rate-" + tag + "-a should "
                + "get at least 10 answers 200 (a bucket of 10) and at least 8 answers 429, got " + statuses);
        List<String> badRetryAfter = new ArrayList<>();
        long wait = 1;
        for (AppResponse response : burst) {
            if (response.status() == 429) {
                Optional<String> retryAfter = response.header("Retry-After");
                long seconds = retryAfter.map(ProductionChecks::seconds).orElse(-1L);
                if (seconds < 1) {
                    badRetryAfter.add(retryAfter.map(v -> "Retry-After: " + v).orElse("no Retry-After"));
                }
                wait = Math.max(wait, seconds);
            }
        }
        Expect.that(badRetryAfter.isEmpty(), () -> "every 429 should carry Retry-After in whole seconds, at least 1; "
                + "got " + badRetryAfter);
        long retryAfter = wait;
        Expect.that(retryAfter <= 10, () -> "a 429 said Retry-After: " + retryAfter + ", but the bucket refills 10 "
                + "per second: 1 s is enough");

        AppResponse other = ChatApi.send(app.withHeader("X-Client-Id", "rate-" + tag + "-b"), "rate-" + tag + "-b",
                "Is my neighbour limited too?");
        Expect.that(other.status() == 200, () -> "right after client rate-" + tag + "-a's burst, another client "
                + "(X-Client-Id: rate-" + tag + "-b) should be answered 200: each client has its own limit; got "
                + other.status() + " " + AppClient.shorten(other.body()));

        Thread.sleep(TimeUnit.SECONDS.toMillis(retryAfter));
        AppResponse again = ChatApi.send(first, "rate-" + tag + "-again", "And now?");
        Expect.that(again.status() == 200, () -> "client rate-" + tag + "-a, back after the Retry-After it was given ("
                + retryAfter + " s), should be answered 200, got " + again.status() + " "
                + AppClient.shorten(again.body()));
    }

    /** Retry-After as whole seconds; -1 when it is not a number of seconds (an HTTP date is not whole seconds). */
    static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- retry

    @Check(id = "prod.retry", title = "502/503 and dropped connections are retried twice, after 200 ms then 400 ms "
            + "or more; then 502", points = 10,
            hint = "Turn off langchain4j's own retries (maxRetries(0)) and retry a 502, a 503 or a connection error "
                    + "at most twice, waiting 200 ms x 2^(k-1) plus up to 50% jitter before retry k (resilience4j "
                    + "Retry with IntervalFunction.ofExponentialRandomBackoff); answer 502 when every attempt failed.")
    void retry(AppClient app, ModelScript model, ModelTraffic traffic, Metrics metrics) {
        String tag = tag();
        AppClient client = client(app, "retry");
        String flaky = "retry-a-" + tag;
        String down = "retry-b-" + tag;
        String dropped = "retry-c-" + tag;
        model.when(Match.lastUserMessageContains(flaky)).failThenReply(2, 503, "Third time lucky.");
        model.when(Match.lastUserMessageContains(down)).fail(503);
        model.when(Match.lastUserMessageContains(dropped)).sequence(Reply.drop(), Reply.text("Back again."));

        AppResponse recovered = ChatApi.send(client, flaky, "Book my receipt, " + flaky);
        List<ModelRequest> attempts = attempts(traffic, flaky);
        Expect.that(recovered.status() == 200 && attempts.size() == 3, () -> "the model answered 503 twice, then a "
                + "reply: the app should try 3 times and answer 200, but it sent " + attempts.size() + " model "
                + "request(s) and answered " + recovered.status() + " " + AppClient.shorten(recovered.body()));
        List<Duration> waits = RetryGaps.between(attempts, traffic.exchanges());
        metrics.record("retry.wait1.ms", waits.get(0).toNanos() / 1e6);
        metrics.record("retry.wait2.ms", waits.get(1).toNanos() / 1e6);
        Expect.that(waits.get(0).compareTo(FIRST_WAIT) >= 0 && waits.get(1).compareTo(SECOND_WAIT) >= 0, () -> "the "
                + "waits before the retries should be at least 200 ms, then 400 ms (exponential backoff), but the "
                + "lab model measured " + RetryGaps.describe(waits) + " from the end of one attempt to the next");

        AppResponse failed = ChatApi.send(client, down, "Book my receipt, " + down);
        List<ModelRequest> downAttempts = attempts(traffic, down);
        Expect.that(failed.status() == 502 && downAttempts.size() == 3, () -> "the model answered 503 to every "
                + "attempt: the app should try 3 times (once and 2 retries) and then answer 502, but it sent "
                + downAttempts.size() + " model request(s) and answered " + failed.status() + " "
                + AppClient.shorten(failed.body()));

        AppResponse reconnected = ChatApi.send(client, dropped, "Book my receipt, " + dropped);
        List<ModelRequest> droppedAttempts = attempts(traffic, dropped);
        Expect.that(reconnected.status() == 200 && droppedAttempts.size() == 2, () -> "the model closed the "
                + "connection without an answer, then answered: the app should retry once and answer 200, but it "
                + "sent " + droppedAttempts.size() + " model request(s) and answered " + reconnected.status() + " "
                + AppClient.shorten(reconnected.body()));
    }

    private static List<ModelRequest> attempts(ModelTraffic traffic, String marker) {
        return traffic.chatRequests().stream().filter(r -> r.lastUserMessage().contains(marker)).toList();
    }

    // ---- circuit breaker

    @Check(id = "prod.circuit-breaker", title = "After 5 failed requests the breaker answers 503 at once without the "
            + "model; after 10 s a trial request closes it", points = 10,
            hint = "Count consecutive failed user requests (after retries; timeouts count): at 5, open a breaker "
                    + "(resilience4j CircuitBreaker) that answers 503 {\"error\"} with Retry-After at once for 10 s, "
                    + "then lets one trial call through: success closes it.")
    void circuitBreaker(AppClient app, ModelScript model, ModelTraffic traffic, Metrics metrics) throws Exception {
        String tag = tag();
        AppClient client = client(app, "breaker");
        String failing = "breaker-fail-" + tag;
        String trial = "breaker-trial-" + tag;
        model.when(Match.lastUserMessageContains(failing)).fail(500);
        model.when(Match.lastUserMessageContains(trial)).reply("Back in business.");

        List<Integer> failures = new ArrayList<>();
        long fifthAnswered = 0;
        for (int i = 1; i <= 5; i++) {
            AppResponse response = ChatApi.send(client, "breaker-" + tag + "-" + i, "Book it, " + failing);
            failures.add(response.status());
            fifthAnswered = System.nanoTime();
        }
        Expect.that(failures.stream().allMatch(s -> s >= 500), () -> "the model answered 500 to every call, so the "
                + "5 requests should fail (502), got " + failures);

        int before = traffic.chatRequests().size();
        AppResponse open = ChatApi.send(client, "breaker-" + tag + "-6", "Book it, " + failing);
        int reached = traffic.chatRequests().size() - before;
        metrics.record("breaker.open.answer.ms", open.elapsed().toNanos() / 1e6);
        Expect.that(open.status() == 503 && reached == 0 && open.elapsed().compareTo(Duration.ofSeconds(1)) <= 0,
                () -> "after 5 failed requests in a row (" + failures + ") the breaker should be open: the 6th "
                        + "request should be answered 503 at once (within 1 s) without calling the model, but it was "
                        + "answered " + open.status() + " in " + open.elapsed().toMillis() + " ms and the model got "
                        + reached + " request(s) for it");

        long trialAt = fifthAnswered + Duration.ofMillis(10_500).toNanos();
        long sleep = trialAt - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        int beforeTrial = traffic.chatRequests().size();
        AppResponse passed = ChatApi.send(client, "breaker-" + tag + "-7", "Try again, " + trial);
        Expect.that(passed.status() == 200 && traffic.chatRequests().size() > beforeTrial, () -> "10.5 s after the "
                + "breaker opened, a trial request should reach the model (now answering) and be answered 200, but "
                + "it was answered " + passed.status() + " " + AppClient.shorten(passed.body()) + " after "
                + (traffic.chatRequests().size() - beforeTrial) + " model request(s)");
        int beforeClosed = traffic.chatRequests().size();
        AppResponse closed = ChatApi.send(client, "breaker-" + tag + "-8", "And once more, " + trial);
        Expect.that(closed.status() == 200 && traffic.chatRequests().size() > beforeClosed, () -> "after the trial "
                + "succeeded the breaker should be closed: the next request should reach the model and be answered "
                + "200, but it was answered " + closed.status() + " " + AppClient.shorten(closed.body()));
    }

    // ---- graceful shutdown

    @Check(id = "prod.graceful-shutdown", title = "On SIGTERM, requests in flight are answered, then the app exits "
            + "within 10 s", points = 5,
            hint = "On SIGTERM stop accepting new connections, let requests in flight finish (up to 10 s), then exit: "
                    + "e.g. server.shutdown=graceful in Spring Boot, or a shutdown hook that stops the server with a "
                    + "grace period.")
    void gracefulShutdown(AppClient app, AppControl control, ModelScript model, ModelTraffic traffic, Metrics metrics)
            throws Exception {
        model.onChat().then(Reply.delayed(Duration.ofSeconds(3), Reply.text("Slow and steady.")));
        AppInstance replica = control.startReplica();
        AppClient client = client(app, "shutdown").at(replica.url()).withTimeout(Duration.ofSeconds(20));
        String tag = tag();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            List<Future<AppResponse>> inFlight = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String session = "shutdown-" + tag + "-" + i;
                inFlight.add(senders.submit(() -> ChatApi.send(client, session, "Close the books, " + session)));
            }
            Expect.that(traffic.awaitChatRequests(3, Duration.ofSeconds(10)), () -> "3 requests were sent to the "
                    + "replica, but within 10 s it sent only " + traffic.chatRequests().size() + " model request(s)");
            AppInstance.Termination termination = replica.terminate(Duration.ofSeconds(15));
            metrics.record("shutdown.took.ms", termination.took().toMillis());
            List<String> answers = new ArrayList<>();
            for (Future<AppResponse> answer : inFlight) {
                try {
                    AppResponse response = answer.get(20, TimeUnit.SECONDS);
                    answers.add(String.valueOf(response.status()));
                } catch (java.util.concurrent.ExecutionException e) {
                    answers.add(e.getCause().getMessage());
                }
            }
            Expect.that(answers.stream().allMatch("200"::equals), () -> "3 requests were in flight (the model takes "
                    + "3 s) when the replica got SIGTERM: each should be answered 200, but they got " + answers);
            Expect.that(termination.exitedInTime() && termination.took().compareTo(Duration.ofMillis(10_500)) <= 0,
                    () -> "after SIGTERM the replica should finish its requests and exit within 10 s, but it "
                            + (termination.exitedInTime() ? "took " + termination.took().toMillis() + " ms"
                            : "was still running after 15 s and was killed"));
        } finally {
            senders.shutdownNow();
        }
    }

    // ---- replicas

    @Check(id = "prod.scale-out", title = "Two replicas behind a round-robin balancer continue one conversation",
            points = 10,
            hint = "Keep each session's turns in Redis (LAB_REDIS_URL), not in memory, so that whichever replica "
                    + "serves a request reads the turns the other one wrote.")
    void scaleOut(AppClient app, AppControl control, ModelScript model, ModelTraffic traffic) throws Exception {
        AppInstance replica = control.startReplica();
        LoadBalancer balancer = control.roundRobin(List.of(control, replica));
        AppClient client = client(app, "scale-out").at(balancer.url());
        String tag = tag();
        String session = "scale-" + tag;
        String firstMessage = "My name is Ada " + tag + " and I run a bakery.";
        String firstReply = "Nice to meet you, Ada. How can I help the bakery?";
        model.when(Match.lastUserMessageContains("What is my name")).reply("Your name is Ada.");
        model.onChat().reply(firstReply);

        List<Integer> start = balancer.requestsPerInstance();
        ChatApi.replyOf(ChatApi.send(client, session, firstMessage), session, "the first turn, through the balancer");
        List<Integer> afterFirst = balancer.requestsPerInstance();
        ChatApi.replyOf(ChatApi.send(client, session, "What is my name?"), session,
                "the second turn, through the balancer");
        List<Integer> afterSecond = balancer.requestsPerInstance();
        int firstServer = grew(start, afterFirst);
        int secondServer = grew(afterFirst, afterSecond);
        if (secondServer == firstServer || secondServer < 0) {
            throw new IllegalStateException("the balancer did not send the two turns to different instances: "
                    + "requests per instance " + afterFirst + " then " + afterSecond);
        }

        ModelRequest second = traffic.chatRequests().stream()
                .filter(r -> r.lastUserMessage().contains("What is my name")).reduce((a, b) -> b)
                .orElseThrow(() -> Expect.fail("the second turn reached no model: the app sent no chat request for "
                        + "\"What is my name?\""));
        List<Message> history = second.history();
        boolean hasUser = history.stream().anyMatch(m -> m.isUser() && m.content().contains(firstMessage));
        boolean hasAssistant = history.stream().anyMatch(m -> m.isAssistant()
                && m.content().strip().equals(firstReply.strip()));
        Expect.that(hasUser && hasAssistant, () -> "the second turn was served by the other replica, so its model "
                + "request should carry the first turn (user: \"" + firstMessage + "\", assistant: \"" + firstReply
                + "\") from Redis, but its history is: " + history.stream().map(m -> m.role() + ": "
                + AppClient.shorten(m.content())).collect(Collectors.joining(" | ", "[", "]")));
    }

    /** The index of the instance whose count grew between two readings, or -1. */
    static int grew(List<Integer> before, List<Integer> after) {
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (after.get(i) > before.get(i)) {
                return i;
            }
        }
        return -1;
    }

    @Check(id = "prod.load", title = "Two replicas under 300 requests at concurrency 20: no errors, p95 at most "
            + "250 ms", points = 5,
            hint = "Nothing may serialise requests: no lock around the model call or Redis, a connection pool for "
                    + "Redis (JedisPool), enough server threads (or virtual threads), and no per-request setup such as "
                    + "building a new model client.")
    void load(AppClient app, AppControl control, ModelScript model, Metrics metrics) throws Exception {
        try {
            loadTwoReplicas(control, model, metrics);
        } finally {
            awaitBucketsRefilled();
        }
    }

    private void loadTwoReplicas(AppControl control, ModelScript model, Metrics metrics) throws Exception {
        model.onChat().then(Reply.delayed(MODEL_LATENCY, Reply.text("Booked.")));
        AppInstance replica = control.startReplica();
        // The client spreads the requests over the replicas itself (request i to replica i mod 2): what is measured
        // is the app, not a proxy sharing the machine's two cores with it.
        List<URI> replicas = List.of(control.url(), replica.url());
        String tag = tag();
        LoadDriver driver = new LoadDriver(Duration.ofSeconds(15));
        driver.run(WARM_UP, LOAD_CONCURRENCY, chat(replicas, tag + "-warm"));
        LoadResult first = driver.run(LOAD_REQUESTS, LOAD_CONCURRENCY, chat(replicas, tag));
        // A latency bound measured on a shared machine: one pause of the machine's (another process, the grading
        // JVM's own collector) can push a run's p95 over it. A run with only the latency over is measured once more
        // and the better counts; an app that serialises requests or errs fails both.
        LoadResult second = first.allOk() && first.percentileMillis(95) > P95_LIMIT_MS
                ? driver.run(LOAD_REQUESTS, LOAD_CONCURRENCY, chat(replicas, tag + "-again")) : null;
        LoadResult result = second == null ? first : first.betterOf(second);
        String twice = second == null ? ""
                : " (measured twice; the other run: " + (result == second ? first : second).describe() + ")";

        metrics.record("load.throughput.rps", result.throughput());
        metrics.record("load.p50.ms", result.percentileMillis(50));
        metrics.record("load.p95.ms", result.percentileMillis(95));
        metrics.record("load.p99.ms", result.percentileMillis(99));
        metrics.record("load.max.ms", result.maxMillis());
        metrics.record("load.errors", LOAD_REQUESTS - result.ok());
        Expect.that(result.allOk(), () -> "every request should be answered 200 (each from its own "
                + "client and session, so no rate limit applies), but: " + result.describe());
        Expect.that(result.percentileMillis(95) <= P95_LIMIT_MS, () -> String.format(Locale.ROOT, "the 95th "
                + "percentile latency should be at most %.0f ms (the model takes %d ms), but: %s%s", P95_LIMIT_MS,
                MODEL_LATENCY.toMillis(), result.describe(), twice));
    }

    /** Request i: POST /api/chat to replica i mod n, from client and session {@code load-<tag>-i}. */
    private static IntFunction<HttpRequest> chat(List<URI> replicas, String tag) {
        return i -> {
            String who = "load-" + tag + "-" + i;
            return HttpRequest.newBuilder(replicas.get(i % replicas.size()).resolve(ChatApi.PATH))
                    .header("Content-Type", "application/json")
                    .header("X-Client-Id", who)
                    .POST(HttpRequest.BodyPublishers.ofString(json(ChatApi.body(who, "Please book receipt " + i))))
                    .build();
        };
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last {@code count} lines of a text, indented, for messages. */
    static String lastLines(String text, int count) {
        if (text == null || text.isBlank()) {
            return "  (nothing)";
        }
        List<String> lines = List.of(text.split("\r?\n"));
        return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
                .map(line -> "  " + AppClient.shorten(line)).collect(Collectors.joining("\n"));
    }
}
