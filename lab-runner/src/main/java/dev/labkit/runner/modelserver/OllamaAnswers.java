package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ollama's answers for {@code /api/chat}, {@code /api/generate}, {@code /api/embed} and the legacy
 * {@code /api/embeddings}, as Ollama 0.12.6 writes them (api/types.go {@code ChatResponse},
 * {@code GenerateResponse}). A stream is NDJSON whose last line carries {@code message} and
 * {@code "done": true}: langchain4j hangs on any other ending.
 */
final class OllamaAnswers implements Answers {

    static final String NDJSON = "application/x-ndjson";

    @Override
    public void error(HttpExchange exchange, int status, String message) throws IOException {
        Wire.sendJson(exchange, status, Wire.error(message));
    }

    @Override
    public void text(HttpExchange exchange, ModelCall call, Completion completion) throws IOException {
        ModelRequest request = call.request();
        if (!request.stream()) {
            Wire.sendJson(exchange, 200, done(call, part(request, completion.contentText(), completion.thinkingText()),
                    completion));
            return;
        }
        try (OutputStream out = Wire.startStream(exchange, NDJSON)) {
            writeChunks(out, request, completion);
            Wire.writeLine(out, done(call, part(request, "", ""), completion));
        }
    }

    /**
     * The chunks, then Ollama's in-stream error line when there is one: once the first chunk is out,
     * Ollama reports a failure as {@code {"error": "..."}} on a line of its own and stops (server/routes.go
     * {@code streamResponse}), without the closing {@code "done": true} chunk.
     */
    @Override
    public void brokenStream(HttpExchange exchange, ModelCall call, Completion completion, Optional<String> error)
            throws IOException {
        OutputStream out = Wire.startStream(exchange, NDJSON);
        writeChunks(out, call.request(), completion);
        if (error.isPresent()) {
            Wire.writeLine(out, Wire.error(error.get()));
        }
    }

    private static void writeChunks(OutputStream out, ModelRequest request, Completion completion) throws IOException {
        // A thinking model streams its thinking first, with empty content (server/routes.go ChatHandler).
        for (String chunk : completion.thinking()) {
            Wire.writeLine(out, part(request, "", chunk).put("done", false));
        }
        for (String chunk : completion.content()) {
            Wire.writeLine(out, part(request, chunk, "").put("done", false));
        }
    }

    /** One object, even when a stream was asked for (server/routes.go returns it with {@code c.JSON}). */
    @Override
    public void loaded(HttpExchange exchange, ModelCall call, Completion completion) throws IOException {
        Wire.sendJson(exchange, 200, part(call.request(), "", "").put("done", true)
                .put("done_reason", completion.doneReason()));
    }

    @Override
    public void toolCalls(HttpExchange exchange, ModelCall call, List<ToolCall> calls) throws IOException {
        ModelRequest request = call.request();
        ObjectNode message = message("", "");
        ArrayNode array = message.putArray("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode toolCall = array.addObject();
            toolCall.put("id", Wire.toolCallId());
            ObjectNode function = toolCall.putObject("function");
            function.put("index", i);
            function.put("name", calls.get(i).name());
            function.set("arguments", Wire.JSON.valueToTree(calls.get(i).arguments()));
        }
        Completion nothingSaid = Completion.toolCalls(Wire.promptTokens(request));
        if (!request.stream()) {
            ObjectNode body = start(request);
            body.set("message", message);
            Wire.sendJson(exchange, 200, done(call, body, nothingSaid));
            return;
        }
        // Ollama streams tool calls in a chunk of their own, then the closing chunk.
        try (OutputStream out = Wire.startStream(exchange, NDJSON)) {
            ObjectNode line = start(request);
            line.set("message", message);
            Wire.writeLine(out, line.put("done", false));
            Wire.writeLine(out, done(call, part(request, "", ""), nothingSaid));
        }
    }

    @Override
    public void embeddings(HttpExchange exchange, ModelCall call, List<float[]> vectors) throws IOException {
        ModelRequest request = call.request();
        ObjectNode body = Wire.object();
        if ("/api/embeddings".equals(request.endpoint())) {
            ArrayNode vector = body.putArray("embedding");
            if (!vectors.isEmpty()) {
                Wire.addAll(vector, vectors.get(0));
            }
        } else {
            body.put("model", request.model());
            ArrayNode all = body.putArray("embeddings");
            vectors.forEach(vector -> Wire.addAll(all.addArray(), vector));
            // An empty input only loads the model: Ollama answers the model and no vector, nothing else.
            TokenUsage usage = embeddingUsage(call, vectors);
            if (usage != null) {
                body.put("total_duration", 1_000_000L).put("load_duration", 0L)
                        .put("prompt_eval_count", usage.input());
            }
        }
        Wire.sendJson(exchange, 200, body);
    }

    /** The closing chunk's {@code prompt_eval_count} and {@code eval_count}; a load or unload answer has none. */
    @Override
    public TokenUsage usage(ModelCall call, Completion completion) {
        return Completion.LOAD.equals(completion.doneReason()) || Completion.UNLOAD.equals(completion.doneReason())
                ? null : new TokenUsage(completion.promptTokens(), completion.evalTokens());
    }

    /** {@code /api/embed}'s {@code prompt_eval_count}; the legacy {@code /api/embeddings} and an empty input have none. */
    @Override
    public TokenUsage embeddingUsage(ModelCall call, List<float[]> vectors) {
        return "/api/embeddings".equals(call.request().endpoint()) || vectors.isEmpty() ? null
                : new TokenUsage(Wire.promptTokens(call.request()), 0);
    }

    private static ObjectNode start(ModelRequest request) {
        return Wire.object().put("model", request.model()).put("created_at", Wire.timestamp(Instant.now()));
    }

    /** A chunk or a whole answer: {@code message} for chat, {@code response} for generate; {@code thinking} when there is some. */
    private static ObjectNode part(ModelRequest request, String content, String thinking) {
        ObjectNode body = start(request);
        if ("chat".equals(request.kind())) {
            body.set("message", message(content, thinking));
        } else {
            body.put("response", content);
            if (!thinking.isEmpty()) {
                body.put("thinking", thinking);
            }
        }
        return body;
    }

    private static ObjectNode message(String content, String thinking) {
        ObjectNode message = Wire.object().put("role", "assistant").put("content", content);
        return thinking.isEmpty() ? message : message.put("thinking", thinking);
    }

    /**
     * The closing fields; usage is only filled by langchain4j when both counts are present. A
     * generate answer also carries {@code context}, the tokens of the prompt and the answer, unless raw.
     */
    private static ObjectNode done(ModelCall call, ObjectNode body, Completion completion) {
        body.put("done", true).put("done_reason", completion.doneReason())
                .put("total_duration", 1_000_000L).put("load_duration", 0L)
                .put("prompt_eval_count", completion.promptTokens()).put("prompt_eval_duration", 500_000L)
                .put("eval_count", completion.evalTokens()).put("eval_duration", 500_000L);
        if ("generate".equals(call.request().kind()) && !call.generation().raw()) {
            String prompt = call.request().messages().stream().map(Message::content).collect(Collectors.joining(" "));
            ArrayNode context = body.putArray("context");
            Tokens.ids(prompt + " " + completion.thinkingText() + completion.contentText()).forEach(context::add);
        }
        return body;
    }
}
