package com.example.tally;

import dev.langchain4j.model.ollama.OllamaChatModel;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tally's entry point: reads the environment, wires the parts and serves until SIGTERM. */
public final class TallyApp {

    private static final Logger LOG = LoggerFactory.getLogger(TallyApp.class);

    /** A model call gets this long; then the user gets a 504. */
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);
    /** On SIGTERM, requests in flight get this long to finish. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private TallyApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());
        Metrics metrics = new Metrics(settings.chatModel());
        SessionStore sessions = new SessionStore(settings.redisUrl());
        ResilientModel model = new ResilientModel(OllamaChatModel.builder()
                .baseUrl(settings.ollamaBaseUrl())
                .modelName(settings.chatModel())
                .timeout(MODEL_TIMEOUT)
                .maxRetries(0) // ResilientModel retries, with backoff, only what is worth retrying
                .build(), metrics);
        ChatRoutes chat = new ChatRoutes(new Tally(model, sessions), model, new RateLimits());
        Readiness readiness = new Readiness(settings.ollamaBaseUrl(), sessions);
        RequestLog requestLog = new RequestLog(metrics);

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.modifyServer(server -> {
                // Graceful stop: the connectors close at once, then Jetty waits for the requests
                // the statistics handler counts as in flight, up to the stop timeout.
                server.setHandler(new StatisticsHandler());
                server.setStopTimeout(DRAIN_TIMEOUT.toMillis());
            });
            config.requestLogger.http(requestLog::end);
        });
        app.before(requestLog::begin);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> {
            Map<String, Object> report = readiness.check();
            ctx.status(Readiness.isUp(report) ? 200 : 503).json(report);
        });
        app.get("/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
        app.post("/api/chat", chat.rateLimited(chat::chat));
        app.error(404, ctx -> ChatRoutes.error(ctx, 404, "Not found: " + ctx.method() + " " + ctx.path()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure", e); // for the log, never for the user
            ChatRoutes.error(ctx, 500, "Something went wrong on Tally's side. Please try again.");
        });

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: no new requests, finishing those in flight");
            app.stop();
            sessions.close();
            LOG.info("stopped");
        }, "shutdown"));
        app.start(settings.host(), settings.port());
    }
}
