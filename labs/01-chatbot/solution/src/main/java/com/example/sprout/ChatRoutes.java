package com.example.sprout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The chat API: one answer, a streamed answer, and forgetting a session. */
final class ChatRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sprout sprout;
    private final Duration modelTimeout;

    ChatRoutes(Sprout sprout, Duration modelTimeout) {
        this.sprout = sprout;
        this.modelTimeout = modelTimeout;
    }

    /** {@code POST /api/chat}: {@code {"sessionId","message"}} -> {@code {"sessionId","reply"}}. */
    void chat(Context ctx) {
        ChatRequest request = accept(ctx);
        if (request == null) {
            return;
        }
        try {
            String reply = sprout.chat(request.sessionId(), request.message());
            ctx.json(Map.of("sessionId", request.sessionId(), "reply", reply));
        } catch (RuntimeException e) {
            ModelFailure failure = ModelFailure.of(e);
            System.err.println("model call failed for session " + request.sessionId() + ": " + e);
            ctx.status(failure.status()).json(Map.of("error", failure.message()));
        }
    }

    /** One server-sent event to write; {@code last} ends the stream. */
    private record Event(String name, Map<String, String> data, boolean last) {}

    /**
     * {@code POST /api/chat/stream}: {@code data: {"delta"}} per model chunk, then {@code event:
     * done} with the whole reply, or {@code event: error} when the model fails or goes silent.
     */
    void stream(Context ctx) throws IOException, InterruptedException {
        ChatRequest request = accept(ctx);
        if (request == null) {
            return;
        }
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        sprout.chatStream(request.sessionId(), request.message())
                .onPartialResponse(delta -> events.add(new Event(null, Map.of("delta", delta), false)))
                .onCompleteResponse((ChatResponse done) ->
                        events.add(new Event("done", Map.of("reply", done.aiMessage().text()), true)))
                .onError(error -> {
                    System.err.println("model stream failed for session " + request.sessionId() + ": " + error);
                    events.add(new Event("error", Map.of("error", ModelFailure.of(error).message()), true));
                })
                .start();

        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream;charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        while (true) {
            // A stream can stall without an error: never wait for the model without a deadline.
            Event event = events.poll(modelTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                event = new Event("error", Map.of("error", ModelFailure.timeout().message()), true);
            }
            write(out, event);
            if (event.last()) {
                return;
            }
        }
    }

    /** {@code DELETE /api/sessions/{id}}: forgets the session's history. */
    void forget(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ChatRequest.validSessionId(id)) {
            ctx.status(400).json(Map.of("error", "sessionId must be 1 to 64 letters, digits, '-' or '_'."));
            return;
        }
        sprout.evictChatMemory(id);
        ctx.status(204);
    }

    /** The valid request, or null once a 400 or 413 has been answered: the model is not called. */
    private static ChatRequest accept(Context ctx) {
        try {
            return ChatRequest.parse(ctx.body());
        } catch (ChatRequest.Invalid e) {
            ctx.status(e.status).json(Map.of("error", e.getMessage()));
            return null;
        }
    }

    private static void write(OutputStream out, Event event) throws IOException {
        StringBuilder text = new StringBuilder();
        if (event.name() != null) {
            text.append("event: ").append(event.name()).append('\n');
        }
        text.append("data: ").append(JSON.writeValueAsString(event.data())).append("\n\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
