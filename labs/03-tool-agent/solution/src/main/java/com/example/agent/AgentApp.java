package com.example.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.ollama.OllamaChatModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/** Bramble's entry point: {@code POST /api/agent} runs the agent on a task. */
public final class AgentApp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentApp() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(System.getenv());
        Agent agent = new Agent(OllamaChatModel.builder()
                .baseUrl(settings.ollamaBaseUrl())
                .modelName(settings.chatModel())
                .timeout(settings.modelTimeout())
                .maxRetries(0)
                .build(), new Toolbox(settings.toolsBaseUrl(), new Sandbox(settings.workspace())));

        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.post("/api/agent", ctx -> run(ctx, agent));
        app.error(404, ctx -> ctx.json(Map.of("error", "Not found: " + ctx.method() + " " + ctx.path())));
        app.exception(Exception.class, (e, ctx) -> {
            e.printStackTrace(); // for the log, never for the user
            ctx.status(500).json(Map.of("error", "Something went wrong on our side. Please try again."));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }

    /** {@code {"task": "...", "allowWrites": false}} -> {@code {"answer","stoppedReason","steps"}}. */
    private static void run(Context ctx, Agent agent) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JacksonException e) {
            ctx.status(400).json(Map.of("error", "The request body is not valid JSON."));
            return;
        }
        if (body == null || !body.isObject() || !body.path("task").isTextual() || body.get("task").asText().isBlank()) {
            ctx.status(400).json(Map.of("error", "task must be a non-blank string."));
            return;
        }
        JsonNode allowWrites = body.path("allowWrites");
        if (!allowWrites.isMissingNode() && !allowWrites.isBoolean()) {
            ctx.status(400).json(Map.of("error", "allowWrites must be true or false."));
            return;
        }
        try {
            ctx.json(agent.run(body.get("task").asText(), allowWrites.asBoolean(false)));
        } catch (RuntimeException e) {
            System.err.println("model call failed: " + e);
            ModelFailure failure = ModelFailure.of(e);
            ctx.status(failure.status()).json(Map.of("error", failure.message()));
        }
    }
}
