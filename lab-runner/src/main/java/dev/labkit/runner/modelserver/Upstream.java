package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real model behind the lab model (live mode): chat requests that no rule answers are sent on
 * to it unchanged, and its answer is relayed to the app as it arrives (streams stay streams),
 * then read for the recorder.
 */
final class Upstream {

    /**
     * What the real model answered, for the recorder.
     *
     * @param usage the token counts it reported (the last ones in the answer: a stream's final chunk), or null
     */
    record Answer(int status, String text, List<ToolCall> toolCalls, TokenUsage usage) {}

    /** Real models on a CPU can take minutes; the app's own timeouts decide what is too slow. */
    private static final Duration ANSWER_LIMIT = Duration.ofMinutes(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Upstream(URI base) {
        this.base = base;
    }

    /**
     * Sends the request on and relays the answer. {@code recorder} gets the answer before its last
     * bytes reach the app, so that whoever the app answers next finds it recorded.
     */
    void forward(HttpExchange exchange, ModelRequest request, byte[] body, Consumer<Answer> recorder)
            throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(base.resolve(request.endpoint())).timeout(ANSWER_LIMIT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + base, e);
        } catch (IOException e) {
            recorder.accept(new Answer(502, "", List.of(), null));
            Wire.sendJson(exchange, 502, Wire.error("lab model: the real model at " + base + " cannot be reached: "
                    + e.getMessage()));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type",
                response.headers().firstValue("Content-Type").orElse("application/json"));
        exchange.sendResponseHeaders(response.statusCode(), 0);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
            byte[] buffer = new byte[8192];
            byte[] held = new byte[0]; // one read is held back: the last one goes out after recording
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(held);
                out.flush(); // a streamed answer reaches the app chunk by chunk
                held = Arrays.copyOf(buffer, read);
                copy.write(buffer, 0, read);
            }
            recorder.accept(read(response.statusCode(), copy.toString(StandardCharsets.UTF_8)));
            out.write(held);
        }
    }

    /**
     * Reads an answer in any of the shapes the APIs use: one JSON object, NDJSON lines (Ollama's
     * stream) or {@code data:} lines (OpenAI's stream); texts are joined, tool calls collected, and the
     * last token counts kept (Ollama's {@code prompt_eval_count} and {@code eval_count}, OpenAI's
     * {@code usage.prompt_tokens} and {@code completion_tokens}; a missing output count is 0).
     */
    static Answer read(int status, String body) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        TokenUsage usage = null;
        for (String line : body.split("\n")) {
            String json = line.startsWith("data:") ? line.substring(5).strip() : line.strip();
            if (json.isEmpty() || json.equals("[DONE]") || !json.startsWith("{")) {
                continue;
            }
            JsonNode node = Wire.parseQuietly(json);
            JsonNode choice = node.path("choices").path(0);
            JsonNode message = node.has("message") ? node.get("message")
                    : choice.has("delta") ? choice.get("delta") : choice.path("message");
            text.append(message.path("content").asText(node.path("response").asText("")));
            if (node.path("prompt_eval_count").isNumber()) {
                usage = new TokenUsage(node.get("prompt_eval_count").asInt(), node.path("eval_count").asInt(0));
            } else if (node.path("usage").path("prompt_tokens").isNumber()) {
                JsonNode counts = node.get("usage");
                usage = new TokenUsage(counts.get("prompt_tokens").asInt(), counts.path("completion_tokens").asInt(0));
            }
            for (JsonNode call : message.path("tool_calls")) {
                if (call.path("function").hasNonNull("name")) { // OpenAI's later stream deltas carry no name
                    calls.add(Wire.toolCall(call));
                }
            }
        }
        return new Answer(status, text.toString(), calls, usage);
    }
}
