package ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One attempt at Ollama's chat API, {@code POST {OLLAMA_BASE_URL}/api/chat} with {@code "stream": true}
 * (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion): the answer is NDJSON, one
 * object per line, each with a piece of {@code message.content}; the last ({@code "done": true}) carries
 * {@code prompt_eval_count} and {@code eval_count}. The whole answer must arrive within 10 s. Each attempt is
 * observed in {@code gen_ai_client_operation_duration_seconds}.
 */
final class OllamaChat {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI chat;
    private final String model;
    private final Telemetry telemetry;
    private final ObjectMapper json;

    OllamaChat(HttpClient http, Settings settings, Telemetry telemetry, ObjectMapper json) {
        this.http = http;
        this.chat = URI.create(settings.ollama() + "/api/chat");
        this.model = settings.model();
        this.telemetry = telemetry;
        this.json = json;
    }

    /**
     * Sends the system prompt, the turns in order and the new message; returns the model's answer or throws
     * {@link ModelFailure}.
     */
    ModelAnswer ask(String system, List<Turn> turns, String message) {
        long start = System.nanoTime();
        try {
            ModelAnswer answer = send(body(system, turns, message));
            telemetry.operation("", System.nanoTime() - start);
            telemetry.tokens(answer);
            return answer;
        } catch (ModelFailure failure) {
            telemetry.operation(failure.kind(), System.nanoTime() - start);
            throw failure;
        }
    }

    private byte[] body(String system, List<Turn> turns, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        for (Turn turn : turns) {
            messages.addObject().put("role", "user").put("content", turn.user());
            messages.addObject().put("role", "assistant").put("content", turn.assistant());
        }
        messages.addObject().put("role", "user").put("content", message);
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ModelAnswer send(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(chat)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        // The future completes once the whole stream has arrived: its 10 s hold for the whole answer.
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = sent.get(CALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw ModelFailure.timeout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelFailure.connection(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw ModelFailure.timeout();
            }
            throw ModelFailure.connection(cause == null ? e : cause);
        }
        if (response.statusCode() != 200) {
            throw ModelFailure.status(response.statusCode());
        }
        return collect(response.body().lines());
    }

    private ModelAnswer collect(Stream<String> lines) {
        StringBuilder text = new StringBuilder();
        long input = -1;
        long output = -1;
        boolean done = false;
        try (lines) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode chunk;
                try {
                    chunk = json.readTree(line);
                } catch (IOException e) {
                    throw ModelFailure.malformed("the model server sent a line that is not JSON");
                }
                if (chunk.hasNonNull("error")) {
                    throw ModelFailure.malformed("the model server reported an error mid-answer");
                }
                text.append(chunk.path("message").path("content").asText(""));
                if (chunk.path("done").asBoolean(false)) {
                    input = chunk.path("prompt_eval_count").asLong(-1);
                    output = chunk.path("eval_count").asLong(-1);
                    done = true;
                }
            }
        }
        if (!done) {
            throw ModelFailure.connection(new java.io.EOFException("the answer ended before its last chunk"));
        }
        return new ModelAnswer(text.toString(), input, output);
    }
}
