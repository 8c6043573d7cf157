package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Reading and writing JSON over an exchange, the way Ollama's clients expect it. */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Ollama writes 9 fractional digits; langchain4j cannot parse a short fraction such as {@code .5Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final AtomicLong TOOL_CALLS = new AtomicLong();

    private Wire() {}

    /** Thrown for a request body that is not the JSON the endpoint needs. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * Thrown by a handler to drop the connection in the middle of an answer: the server then closes
     * the socket without ending the chunked body, as a crashed model server would.
     */
    static final class DroppedConnection extends IOException {
        DroppedConnection() {
            super("the lab model dropped the connection mid-answer, as scripted");
        }
    }

    static JsonNode readJson(HttpExchange exchange) throws IOException, BadRequest {
        return parse(exchange.getRequestBody().readAllBytes());
    }

    static JsonNode parse(byte[] body) throws BadRequest {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BadRequest("invalid JSON in request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("unreadable request body: " + e.getMessage()); // bytes in memory: not expected
        }
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectNode error(String message) {
        return object().put("error", message);
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A whole answer; to {@code HEAD}, its headers only. */
    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Starts a chunked streaming answer with the given content type. */
    static OutputStream startStream(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    static void writeLine(OutputStream out, JsonNode node) throws IOException {
        out.write(JSON.writeValueAsBytes(node));
        out.write('\n');
        out.flush();
    }

    static void writeSse(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static Map<String, Object> toMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        return JSON.convertValue(node, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }

    static Object toValue(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : JSON.convertValue(node, Object.class);
    }

    /** A JSON text, or an empty object when it is not JSON (tool arguments, streamed lines). */
    static JsonNode parseQuietly(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return object();
        }
    }

    /** A tool call as both APIs write it: {@code function.arguments} a JSON object (Ollama) or a JSON string (OpenAI). */
    static ToolCall toolCall(JsonNode call) {
        JsonNode function = call.path("function");
        JsonNode arguments = function.path("arguments");
        return new ToolCall(function.path("name").asText(),
                toMap(arguments.isTextual() ? parseQuietly(arguments.asText()) : arguments));
    }

    /** The tokens of everything a request sends (all messages, or all inputs), at least 1 (Ollama omits a 0). */
    static int promptTokens(ModelRequest request) {
        return Math.max(1, request.messages().stream().mapToInt(m -> Tokens.count(m.content())).sum());
    }

    static void addAll(ArrayNode array, float[] values) {
        for (float value : values) {
            array.add(value);
        }
    }

    /**
     * A tool call id, unique for the life of the JVM (ids must not repeat across the conversations an
     * app keeps), shaped like Ollama's {@code call_} and 8 letters or digits (openai.go {@code toolCallId}).
     */
    static String toolCallId() {
        String number = Long.toString(TOOL_CALLS.incrementAndGet(), Character.MAX_RADIX);
        return "call_" + "0".repeat(Math.max(0, 8 - number.length())) + number;
    }
}
