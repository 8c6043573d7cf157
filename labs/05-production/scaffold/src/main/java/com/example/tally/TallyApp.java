package com.example.tally;

import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.service.AiServices;
import io.javalin.Javalin;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tally's entry point: a working chatbot, not yet fit for production. Read BRIEF.md (or
 * README.md) for the contract; the TODOs follow its order (TODO 8, the image, is in pom.xml).
 * Grade with {@code lab check}.
 */
public final class TallyApp {

    private TallyApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());

        // TODO 6: sessions live in this process's memory, so a second replica knows nothing of them:
        //   keep each session's last 10 turns in Redis (settings.redisUrl()), with an expiry.
        Map<Object, ChatMemory> memories = new ConcurrentHashMap<>();
        Tally tally = AiServices.builder(Tally.class)
                // TODO 5: retries: langchain4j retries every failure by itself, at its own pace. Set
                //   maxRetries(0) and retry 502, 503 and connection errors twice, with exponential
                //   backoff and jitter; then a circuit breaker around it all.
                .chatModel(OllamaChatModel.builder()
                        .baseUrl(settings.ollamaBaseUrl())
                        .modelName(settings.chatModel())
                        .timeout(settings.modelTimeout())
                        .build())
                // System message + the last 10 turns (20 messages).
                .chatMemoryProvider(id -> memories.computeIfAbsent(id,
                        key -> MessageWindowChatMemory.builder().id(key).maxMessages(21).build()))
                .build();
        ChatRoutes chat = new ChatRoutes(tally);

        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);

        // TODO 1: readiness: 200 only while the model server (GET /api/version) and Redis (PING)
        //   answer, each within 1 s; else 503 with MicroProfile Health's checks.
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> ctx.json(Map.of("status", "UP")));
        // TODO 2: GET /metrics in Prometheus' text format: the HTTP request histogram, the model's
        //   token usage and call durations, with the brief's names and labels.
        // TODO 3: X-Request-Id on every response, and one JSON log line per /api request
        //   (logback + logstash-logback-encoder); never the user's text at INFO.
        // TODO 4: a token bucket per client (X-Client-Id, else the IP address): 429 with Retry-After.
        app.post("/api/chat", chat::chat);
        app.error(404, ctx -> ctx.json(Map.of("error", "Not found: " + ctx.method() + " " + ctx.path())));

        // TODO 7: on SIGTERM, stop accepting requests and let those in flight finish (up to 10 s).
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }
}
