package com.example.fig;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import java.util.Map;

/** Fig's entry point: reads the environment, wires the models and the speech service, starts the HTTP API. */
public final class FigApp {

    private FigApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());
        Fig fig = new Fig(model(settings, settings.chatModel()), model(settings, settings.visionModel()));
        AskRoutes ask = new AskRoutes(fig, new SpeechClient(settings));

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/public");
            // Room above the 10 MB image limit, so a large image gets the 413 of ImagePrep.
            config.jetty.multipartConfig.maxFileSize(32, SizeUnit.MB);
            config.jetty.multipartConfig.maxTotalRequestSize(64, SizeUnit.MB);
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.post("/api/ask", ask::ask);
        app.error(404, ctx -> ctx.json(Map.of("error", "Not found: " + ctx.method() + " " + ctx.path())));
        app.exception(Exception.class, (e, ctx) -> {
            e.printStackTrace(); // for the log, never for the user
            ctx.status(500).json(Map.of("error", "Something went wrong on Fig's side. Please try again."));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }

    private static ChatModel model(Settings settings, String name) {
        return OllamaChatModel.builder()
                .baseUrl(settings.ollamaBaseUrl())
                .modelName(name)
                .timeout(Settings.MODEL_TIMEOUT)
                .maxRetries(0) // a customer is waiting: fail fast and let them retry
                .build();
    }
}
