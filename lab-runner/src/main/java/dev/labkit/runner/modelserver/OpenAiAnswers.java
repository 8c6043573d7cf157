package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * OpenAI's answers for {@code /v1/chat/completions} (JSON, or SSE chunks ending {@code data:
 * [DONE]}) and {@code /v1/embeddings}. Tool-call arguments are a JSON string in this API.
 */
final class OpenAiAnswers implements Answers {

    @Override
    public void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = Wire.object();
        body.putObject("error").put("message", message)
                .put("type", status >= 500 ? "api_error" : "invalid_request_error").putNull("param").putNull("code");
        Wire.sendJson(exchange, status, body);
    }

    @Override
    public void text(HttpExchange exchange, ModelRequest request, String text, List<String> chunks) throws IOException {
        if (!request.stream()) {
            ObjectNode body = completion(request, "chat.completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            choice.put("finish_reason", "stop");
            usage(body, request, text);
            Wire.sendJson(exchange, 200, body);
            return;
        }
        try (OutputStream out = Wire.startStream(exchange, "text/event-stream")) {
            boolean first = true;
            for (String chunk : chunks) {
                ObjectNode delta = Wire.object();
                if (first) {
                    delta.put("role", "assistant");
                    first = false;
                }
                writeChunk(out, request, delta.put("content", chunk), null);
            }
            finish(out, request, "stop", text);
        }
    }

    @Override
    public void toolCalls(HttpExchange exchange, ModelRequest request, List<ToolCall> calls) throws IOException {
        ArrayNode array = Wire.JSON.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode call = array.addObject().put("index", i).put("id", "call_" + request.number() + "_" + i)
                    .put("type", "function");
            call.putObject("function").put("name", calls.get(i).name())
                    .put("arguments", argumentsJson(calls.get(i)));
        }
        if (!request.stream()) {
            ObjectNode body = completion(request, "chat.completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
            message.set("tool_calls", array);
            choice.put("finish_reason", "tool_calls");
            usage(body, request, "");
            Wire.sendJson(exchange, 200, body);
            return;
        }
        try (OutputStream out = Wire.startStream(exchange, "text/event-stream")) {
            ObjectNode delta = Wire.object().put("role", "assistant");
            delta.set("tool_calls", array);
            writeChunk(out, request, delta, null);
            finish(out, request, "tool_calls", "");
        }
    }

    @Override
    public void embeddings(HttpExchange exchange, ModelRequest request, List<float[]> vectors) throws IOException {
        ObjectNode body = Wire.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (float v : vectors.get(i)) {
                vector.add(v);
            }
        }
        int tokens = Wire.promptTokens(request);
        body.put("model", request.model());
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        Wire.sendJson(exchange, 200, body);
    }

    private static ObjectNode completion(ModelRequest request, String object) {
        return Wire.object().put("id", "chatcmpl-" + request.number()).put("object", object)
                .put("created", Instant.now().getEpochSecond()).put("model", request.model())
                .put("system_fingerprint", "fp_labkit");
    }

    private static void writeChunk(OutputStream out, ModelRequest request, ObjectNode delta, String finishReason)
            throws IOException {
        ObjectNode chunk = completion(request, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        Wire.writeSse(out, Wire.JSON.writeValueAsString(chunk));
    }

    private static void finish(OutputStream out, ModelRequest request, String reason, String text) throws IOException {
        writeChunk(out, request, Wire.object(), reason);
        ObjectNode usage = completion(request, "chat.completion.chunk");
        usage.putArray("choices");
        usage(usage, request, text);
        Wire.writeSse(out, Wire.JSON.writeValueAsString(usage));
        Wire.writeSse(out, "[DONE]");
    }

    private static void usage(ObjectNode body, ModelRequest request, String text) {
        int prompt = Wire.promptTokens(request);
        int completion = Wire.tokens(text);
        body.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private static String argumentsJson(ToolCall call) {
        try {
            return Wire.JSON.writeValueAsString(call.arguments());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool arguments are not JSON: " + call.arguments(), e);
        }
    }
}
