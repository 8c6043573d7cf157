package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Ollama's answers for {@code /api/chat}, {@code /api/generate}, {@code /api/embed} and the legacy
 * {@code /api/embeddings}, as Ollama 0.12 writes them. A stream is NDJSON whose last line carries
 * {@code message} and {@code "done": true}: langchain4j hangs on any other ending.
 */
final class OllamaAnswers implements Answers {

    static final String NDJSON = "application/x-ndjson";

    @Override
    public void error(HttpExchange exchange, int status, String message) throws IOException {
        Wire.sendJson(exchange, status, Wire.error(message));
    }

    @Override
    public void text(HttpExchange exchange, ModelRequest request, String text, List<String> chunks) throws IOException {
        boolean chat = "chat".equals(request.kind());
        if (!request.stream()) {
            ObjectNode body = start(request);
            if (chat) {
                body.set("message", message(text));
            } else {
                body.put("response", text);
            }
            Wire.sendJson(exchange, 200, done(body, request, text));
            return;
        }
        try (OutputStream out = Wire.startStream(exchange, NDJSON)) {
            for (String chunk : chunks) {
                ObjectNode line = start(request);
                if (chat) {
                    line.set("message", message(chunk));
                } else {
                    line.put("response", chunk);
                }
                Wire.writeLine(out, line.put("done", false));
            }
            ObjectNode last = start(request);
            if (chat) {
                last.set("message", message(""));
            } else {
                last.put("response", "");
            }
            Wire.writeLine(out, done(last, request, text));
        }
    }

    @Override
    public void toolCalls(HttpExchange exchange, ModelRequest request, List<ToolCall> calls) throws IOException {
        ObjectNode message = message("");
        ArrayNode array = message.putArray("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode call = array.addObject();
            call.put("id", "call_" + request.number() + "_" + i);
            ObjectNode function = call.putObject("function");
            function.put("index", i);
            function.put("name", calls.get(i).name());
            function.set("arguments", Wire.JSON.valueToTree(calls.get(i).arguments()));
        }
        if (!request.stream()) {
            ObjectNode body = start(request);
            body.set("message", message);
            Wire.sendJson(exchange, 200, done(body, request, ""));
            return;
        }
        // Ollama streams tool calls in a chunk of their own, then the closing chunk.
        try (OutputStream out = Wire.startStream(exchange, NDJSON)) {
            ObjectNode line = start(request);
            line.set("message", message);
            Wire.writeLine(out, line.put("done", false));
            ObjectNode last = start(request);
            last.set("message", message(""));
            Wire.writeLine(out, done(last, request, ""));
        }
    }

    @Override
    public void embeddings(HttpExchange exchange, ModelRequest request, List<float[]> vectors) throws IOException {
        ObjectNode body = Wire.object();
        if ("/api/embeddings".equals(request.endpoint())) {
            ArrayNode vector = body.putArray("embedding");
            if (!vectors.isEmpty()) {
                for (float v : vectors.get(0)) {
                    vector.add(v);
                }
            }
        } else {
            body.put("model", request.model());
            ArrayNode all = body.putArray("embeddings");
            for (float[] vector : vectors) {
                ArrayNode one = all.addArray();
                for (float v : vector) {
                    one.add(v);
                }
            }
            body.put("total_duration", 1_000_000L).put("load_duration", 0L)
                    .put("prompt_eval_count", Wire.promptTokens(request));
        }
        Wire.sendJson(exchange, 200, body);
    }

    private static ObjectNode start(ModelRequest request) {
        return Wire.object().put("model", request.model()).put("created_at", Wire.timestamp(Instant.now()));
    }

    private static ObjectNode message(String content) {
        return Wire.object().put("role", "assistant").put("content", content);
    }

    /** The closing fields; usage is only filled by langchain4j when both counts are present. */
    private static ObjectNode done(ObjectNode body, ModelRequest request, String text) {
        int promptTokens = Wire.promptTokens(request);
        return body.put("done_reason", "stop").put("done", true)
                .put("total_duration", 1_000_000L).put("load_duration", 0L)
                .put("prompt_eval_count", promptTokens).put("prompt_eval_duration", 500_000L)
                .put("eval_count", Wire.tokens(text)).put("eval_duration", 500_000L);
    }
}
