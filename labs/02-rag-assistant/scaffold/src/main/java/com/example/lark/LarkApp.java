package com.example.lark;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Lark's entry point. It reads its settings and the documents, and answers /health; indexing,
 * search and answers are yours to build. Read BRIEF.md (or README.md), then grade with
 * {@code lab check}.
 */
public final class LarkApp {

    private LarkApp() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(System.getenv());
        List<SourceDocument> documents = SourceDocument.readFolder(settings.docsDir());
        System.out.println("found " + documents.size() + " documents in " + settings.docsDir());

        // TODO 1: an OllamaEmbeddingModel (settings.embeddingModel()) and an embedding store.
        // TODO 2: split every document into chunks of at most 1,000 characters that overlap and never
        //   cut a word (langchain4j's DocumentSplitters), embed them, and store them with their
        //   document id, before /health answers.
        // TODO 3: keep the index in settings.dataDir(), so that a restart embeds only new or changed
        //   documents.

        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));

        // TODO 4: POST /api/documents {"id","title","text"} -> 201 {"id","chunks"}; an existing id is replaced.
        app.post("/api/documents", LarkApp::notYet);
        // TODO 5: GET /api/search?q=...&k=4 -> {"results":[{"documentId","text","score"}]}, best first.
        app.get("/api/search", LarkApp::notYet);
        // TODO 6: POST /api/ask {"question"} -> {"answer","sources"}: retrieve, keep chunks above a
        //   relevance threshold (none left: "I don't know", no chat call), ask the chat model with them.
        app.post("/api/ask", LarkApp::notYet);
        // TODO 7: errors as JSON {"error"}: 400 for bad requests (before any model call); 502 when a
        //   model fails, 504 when it says nothing for 10 s (give the model clients a 10 s timeout).

        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }

    private static void notYet(Context ctx) {
        ctx.status(501).json(Map.of("error", "Not implemented yet: " + ctx.method() + " " + ctx.path()));
    }
}
