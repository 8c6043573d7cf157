package com.example.fig;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Fig's entry point. It starts, reads its settings and answers /health; the rest is yours to
 * build. Read BRIEF.md (or README.md) for the contract, then grade with {@code lab check}.
 */
public final class FigApp {

    private FigApp() {}

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment(System.getenv());

        // TODO 1: two model clients (OllamaChatModel) at settings.ollamaBaseUrl(), with a timeout:
        //   settings.chatModel() for text questions, settings.visionModel() for questions with an image.

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/public");
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));

        // TODO 2: POST /api/ask, multipart/form-data (ctx.formParam, ctx.uploadedFile): sessionId, text, image,
        //   audio, speak. Validate by content, never by file name: 400, 413 (image over 10 MB, audio over 60 s),
        //   415 (an image javax.imageio cannot decode, audio that is not a WAV).
        // TODO 3: audio -> POST {LAB_SPEECH_BASE_URL}/audio/transcriptions (multipart: file = the bytes unchanged,
        //   model = settings.sttModel()); the transcript is the user's message (after the text, when there is one).
        // TODO 4: an image -> EXIF orientation applied (metadata-extractor), long side scaled down to 1024 px,
        //   base64 in the user message (UserMessage with TextContent + ImageContent) to the vision model;
        //   no image -> the chat model.
        // TODO 5: a MessageWindowChatMemory of text turns per sessionId; earlier images are not resent.
        // TODO 6: speak=true -> POST {LAB_SPEECH_BASE_URL}/audio/speech {"model","input": the reply,"voice",
        //   "response_format":"wav"}; the WAV goes back base64 as "audio".
        // TODO 7: answer {"sessionId","transcript","reply","audio"}; speech service down -> 502 for requests that
        //   need it, text and image questions keep working; model failures -> 502.
        app.post("/api/ask", FigApp::notYet);
        // TODO 8: a page in src/main/resources/public/index.html: text, photo, recording or audio file, speak
        //   checkbox, an <audio> element, and a script that calls /api/ask.

        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(settings.host(), settings.port());
    }

    private static void notYet(Context ctx) {
        ctx.status(501).json(Map.of("error", "Not implemented yet: " + ctx.method() + " " + ctx.path()));
    }
}
