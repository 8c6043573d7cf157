package com.example.sprout;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Sprout's entry point. It starts, reads its settings and answers /health; the chat API is yours
 * to build. Read BRIEF.md (or README.md) for the contract, then grade with {@code lab check}.
 */
public final class SproutApp {

    private SproutApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());

        // TODO 1: build the model clients from settings.ollamaBaseUrl() and settings.chatModel():
        //   OllamaChatModel for /api/chat and OllamaStreamingChatModel for /api/chat/stream, with a
        //   timeout of settings.modelTimeout().
        // TODO 2: an AI service (AiServices) with Sprout's persona as the system message and one
        //   chat memory per sessionId that keeps the 20 most recent messages.

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/public");
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));

        // TODO 3: POST /api/chat {"sessionId","message"} -> {"sessionId","reply"}; validate first (400, 413).
        app.post("/api/chat", SproutApp::notYet);
        // TODO 4: POST /api/chat/stream -> text/event-stream: data: {"delta"} per chunk as it arrives, then
        //   event: done; if the model fails or goes silent (a deadline on the next chunk) -> event: error.
        app.post("/api/chat/stream", SproutApp::notYet);
        // TODO 5: DELETE /api/sessions/{id} -> 204, the session's history forgotten.
        app.delete("/api/sessions/{id}", SproutApp::notYet);
        // TODO 6: model failures -> 502, a silent model -> 504, as JSON {"error": "..."}.
        // TODO 7: a chat page in src/main/resources/public/index.html that calls the API.

        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }

    private static void notYet(Context ctx) {
        ctx.status(501).json(Map.of("error", "Not implemented yet: " + ctx.method() + " " + ctx.path()));
    }
}
