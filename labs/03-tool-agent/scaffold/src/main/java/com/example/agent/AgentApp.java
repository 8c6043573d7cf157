package com.example.agent;

import io.javalin.Javalin;
import java.util.Map;

/**
 * Bramble's entry point. It starts and answers /health; the agent is yours to build. Read
 * BRIEF.md (or README.md), then grade with {@code lab check}.
 */
public final class AgentApp {

    private AgentApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());

        // TODO 1: the six tools as ToolSpecifications (names and parameter names exactly as in the brief):
        //   web_search(query), get_weather(city), get_order(orderId) call settings.toolsBaseUrl();
        //   list_files(path), read_file(path), write_file(path, content) work inside settings.workspace().
        // TODO 2: the loop: ask the model with the tools; carry out every tool call it asks for, in order;
        //   send each result back; stop at a plain answer or after 8 rounds.
        // TODO 3: failures (HTTP errors, unknown tools, bad arguments, 5 s timeouts, paths outside the
        //   workspace, writes without allowWrites) become tool results starting with "ERROR:".

        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        // TODO 4: POST /api/agent {"task","allowWrites"} -> {"answer","stoppedReason","steps"}.
        app.post("/api/agent", ctx -> ctx.status(501).json(Map.of("error", "Not implemented yet: POST /api/agent")));
        // TODO 5: errors as JSON {"error"}: 400 for bad requests (before any model call); 502 when the
        //   model fails, 504 when it says nothing for 10 s (give the model client a 10 s timeout).

        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }
}
