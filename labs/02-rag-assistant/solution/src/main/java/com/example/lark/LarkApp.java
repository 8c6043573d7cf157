package com.example.lark;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.javalin.Javalin;
import java.util.List;
import java.util.Map;

/** Lark's entry point: indexes LAB_DOCS_DIR (what changed since the last run), then serves the API. */
public final class LarkApp {

    private LarkApp() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(System.getenv());
        EmbeddingModel embeddings = OllamaEmbeddingModel.builder()
                .baseUrl(settings.ollamaBaseUrl())
                .modelName(settings.embeddingModel())
                .timeout(settings.modelTimeout())
                .maxRetries(0)
                .build();
        KnowledgeBase knowledge = new KnowledgeBase(embeddings, settings.dataDir());
        List<SourceDocument> documents = SourceDocument.readFolder(settings.docsDir());
        long started = System.nanoTime();
        knowledge.syncFolder(documents); // before /health answers: the app is ready once it is indexed
        System.out.printf("indexed %d documents from %s in %d ms%n", documents.size(), settings.docsDir(),
                (System.nanoTime() - started) / 1_000_000);

        Assistant assistant = new Assistant(knowledge, OllamaChatModel.builder()
                .baseUrl(settings.ollamaBaseUrl())
                .modelName(settings.chatModel())
                .timeout(settings.modelTimeout())
                .maxRetries(0) // a person is waiting: fail fast and let them retry
                .build());
        Routes routes = new Routes(knowledge, assistant);

        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.post("/api/documents", routes::addDocument);
        app.get("/api/search", routes::search);
        app.post("/api/ask", routes::ask);
        app.error(404, ctx -> ctx.json(Map.of("error", "Not found: " + ctx.method() + " " + ctx.path())));
        app.exception(Exception.class, (e, ctx) -> {
            e.printStackTrace(); // for the log, never for the user
            ctx.status(500).json(Map.of("error", "Something went wrong on our side. Please try again."));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }
}
