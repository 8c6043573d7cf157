package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's answers for {@code /v1/chat/completions} and {@code /v1/completions} (JSON, or SSE chunks
 * ending {@code data: [DONE]}) and {@code /v1/embeddings}, as Ollama 0.12.6's compatibility layer
 * writes them (openai/openai.go, middleware/openai.go). Tool-call arguments are a JSON string here.
 */
final class OpenAiAnswers implements Answers {

    static final String EVENT_STREAM = "text/event-stream";

    /**
     * A refusal after the request was read: Ollama's writer gives every such error the type
     * {@code api_error}, whatever its status (middleware/openai.go {@code writeError}).
     */
    @Override
    public void error(HttpExchange exchange, int status, String message) throws IOException {
        Wire.sendJson(exchange, status, error(message, "api_error"));
    }

    /** A body that could not be read: {@code invalid_request_error}, as Ollama's middleware answers it. */
    @Override
    public void badRequest(HttpExchange exchange, String message) throws IOException {
        Wire.sendJson(exchange, 400, error(message, "invalid_request_error"));
    }

    /** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
    static ObjectNode error(String message, String type) {
        ObjectNode body = Wire.object();
        body.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return body;
    }

    @Override
    public void text(HttpExchange exchange, ModelCall call, Completion completion) throws IOException {
        ModelRequest request = call.request();
        boolean chat = "chat".equals(request.kind());
        if (!request.stream()) {
            ObjectNode body = answer(request, chat ? "chat.completion" : "text_completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            if (chat) {
                ObjectNode message = choice.putObject("message").put("role", "assistant")
                        .put("content", completion.contentText());
                reasoning(message, completion.thinkingText());
            } else {
                choice.put("text", completion.contentText());
            }
            choice.put("finish_reason", completion.doneReason());
            usage(body, completion);
            Wire.sendJson(exchange, 200, body);
            return;
        }
        try (OutputStream out = Wire.startStream(exchange, EVENT_STREAM)) {
            Chunks chunks = writeChunks(out, call, completion);
            chunks.finish(completion);
        }
    }

    /**
     * The chunks, then, when there is one, the error as OpenAI's API sends it mid-stream: an event
     * whose data is the error body {@code {"error": {"message", "type", ...}}} (the official SDKs
     * raise it as an API error), with no finish chunk and no {@code [DONE]} after it.
     */
    @Override
    public void brokenStream(HttpExchange exchange, ModelCall call, Completion completion, Optional<String> error)
            throws IOException {
        OutputStream out = Wire.startStream(exchange, EVENT_STREAM);
        writeChunks(out, call, completion);
        if (error.isPresent()) {
            Wire.writeSse(out, Wire.JSON.writeValueAsString(error(error.get(), "api_error")));
        }
    }

    private static Chunks writeChunks(OutputStream out, ModelCall call, Completion completion) throws IOException {
        Chunks chunks = new Chunks(out, call, "chat".equals(call.request().kind()));
        for (String thought : completion.thinking()) {
            chunks.write(reasoning(chunks.delta(""), thought), "", null);
        }
        for (String chunk : completion.content()) {
            chunks.write(chunks.delta(chunk), chunk, null);
        }
        return chunks;
    }

    /** Only {@code /v1/completions} can ask for nothing (an empty prompt): a completion with no text. */
    @Override
    public void loaded(HttpExchange exchange, ModelCall call, Completion completion) throws IOException {
        text(exchange, call, completion);
    }

    @Override
    public void toolCalls(HttpExchange exchange, ModelCall call, List<ToolCall> calls) throws IOException {
        ModelRequest request = call.request();
        ArrayNode array = Wire.JSON.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode toolCall = array.addObject().put("index", i).put("id", Wire.toolCallId()).put("type", "function");
            toolCall.putObject("function").put("name", calls.get(i).name())
                    .put("arguments", argumentsJson(calls.get(i)));
        }
        Completion nothingSaid = Completion.toolCalls(Wire.promptTokens(request));
        if (!request.stream()) {
            ObjectNode body = answer(request, "chat.completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
            message.set("tool_calls", array);
            choice.put("finish_reason", "tool_calls");
            usage(body, nothingSaid);
            Wire.sendJson(exchange, 200, body);
            return;
        }
        try (OutputStream out = Wire.startStream(exchange, EVENT_STREAM)) {
            Chunks chunks = new Chunks(out, call, true);
            ObjectNode delta = chunks.delta(null);
            delta.set("tool_calls", array);
            chunks.write(delta, "", null);
            chunks.finish(new Completion(List.of(), List.of(), "tool_calls", nothingSaid.promptTokens(),
                    nothingSaid.evalTokens()));
        }
    }

    @Override
    public void embeddings(HttpExchange exchange, ModelCall call, List<float[]> vectors) throws IOException {
        ObjectNode body = Wire.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding");
            if (call.embedding().base64()) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                Wire.addAll(item.putArray("embedding"), vectors.get(i));
            }
            item.put("index", i);
        }
        int tokens = embeddingUsage(call, vectors).input();
        body.put("model", call.request().model());
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        Wire.sendJson(exchange, 200, body);
    }

    /**
     * {@code usage}: in every whole answer; in a stream only when {@code stream_options.include_usage}
     * asked for its usage-only chunk.
     */
    @Override
    public TokenUsage usage(ModelCall call, Completion completion) {
        return call.request().stream() && !call.generation().includeUsage() ? null
                : new TokenUsage(completion.promptTokens(), completion.evalTokens());
    }

    /** {@code usage.prompt_tokens}, always sent. */
    @Override
    public TokenUsage embeddingUsage(ModelCall call, List<float[]> vectors) {
        return new TokenUsage(Wire.promptTokens(call.request()), 0);
    }

    /** The float32 values, little-endian, in base64: what OpenAI's SDKs decode (Ollama 0.12.7 floatsToBase64). */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** The chunks of one streamed answer, chat ({@code delta}) or completion ({@code text}). */
    private static final class Chunks {
        private final OutputStream out;
        private final ModelCall call;
        private final boolean chat;
        private boolean first = true;

        Chunks(OutputStream out, ModelCall call, boolean chat) {
            this.out = out;
            this.call = call;
            this.chat = chat;
        }

        /** A chat delta with this content (none when null); the first one names the role. */
        ObjectNode delta(String content) {
            ObjectNode delta = Wire.object();
            if (first) {
                delta.put("role", "assistant");
                first = false;
            }
            return content == null ? delta : delta.put("content", content);
        }

        void write(ObjectNode delta, String text, String finishReason) throws IOException {
            ObjectNode chunk = answer(call.request(), chat ? "chat.completion.chunk" : "text_completion");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            if (chat) {
                choice.set("delta", delta);
            } else {
                choice.put("text", text);
            }
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            // Ollama puts an empty usage in every completion chunk when usage is asked for.
            if (!chat && call.generation().includeUsage()) {
                usage(chunk, Completion.nothing(""));
            }
            Wire.writeSse(out, Wire.JSON.writeValueAsString(chunk));
        }

        /**
         * The chunk with the finish reason; then, only when {@code stream_options.include_usage} is
         * true, a chunk with the usage and no choices; then {@code [DONE]}.
         */
        void finish(Completion completion) throws IOException {
            write(chat ? Wire.object() : null, "", completion.doneReason());
            if (call.generation().includeUsage()) {
                ObjectNode usage = answer(call.request(), chat ? "chat.completion.chunk" : "text_completion");
                usage.putArray("choices");
                usage(usage, completion);
                Wire.writeSse(out, Wire.JSON.writeValueAsString(usage));
            }
            Wire.writeSse(out, "[DONE]");
        }
    }

    private static ObjectNode answer(ModelRequest request, String object) {
        String id = ("chat".equals(request.kind()) ? "chatcmpl-" : "cmpl-") + request.number();
        return Wire.object().put("id", id).put("object", object)
                .put("created", Instant.now().getEpochSecond()).put("model", request.model())
                .put("system_fingerprint", "fp_ollama");
    }

    /** Ollama's {@code /v1} passes a thinking model's thinking on as {@code reasoning}. */
    private static ObjectNode reasoning(ObjectNode message, String thinking) {
        return thinking.isEmpty() ? message : message.put("reasoning", thinking);
    }

    private static void usage(ObjectNode body, Completion completion) {
        body.putObject("usage").put("prompt_tokens", completion.promptTokens())
                .put("completion_tokens", completion.evalTokens())
                .put("total_tokens", completion.promptTokens() + completion.evalTokens());
    }

    private static String argumentsJson(ToolCall call) {
        try {
            return Wire.JSON.writeValueAsString(call.arguments());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool arguments are not JSON: " + call.arguments(), e);
        }
    }
}
