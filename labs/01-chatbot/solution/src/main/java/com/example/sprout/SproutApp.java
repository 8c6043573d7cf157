package com.example.sprout;

import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.service.AiServices;
import io.javalin.Javalin;
import java.util.Map;

/** Sprout's entry point: reads the environment, wires the model and starts the HTTP API. */
public final class SproutApp {

    private SproutApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());
        Sprout sprout = AiServices.builder(Sprout.class)
                .chatModel(OllamaChatModel.builder()
                        .baseUrl(settings.ollamaBaseUrl())
                        .modelName(settings.chatModel())
                        .timeout(settings.modelTimeout())
                        .maxRetries(0) // a person is waiting: fail fast and let them retry
                        .build())
                .streamingChatModel(OllamaStreamingChatModel.builder()
                        .baseUrl(settings.ollamaBaseUrl())
                        .modelName(settings.chatModel())
                        .timeout(settings.modelTimeout())
                        .build())
                .chatMemoryProvider(new SessionMemories())
                .build();
        ChatRoutes chat = new ChatRoutes(sprout, settings.modelTimeout());

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/public");
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.post("/api/chat", chat::chat);
        app.post("/api/chat/stream", chat::stream);
        app.delete("/api/sessions/{id}", chat::forget);
        app.error(404, ctx -> ctx.json(Map.of("error", "Not found: " + ctx.method() + " " + ctx.path())));
        app.exception(Exception.class, (e, ctx) -> {
            e.printStackTrace(); // for the log, never for the user
            ctx.status(500).json(Map.of("error", "Something went wrong on Sprout's side. Please try again."));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }
}
