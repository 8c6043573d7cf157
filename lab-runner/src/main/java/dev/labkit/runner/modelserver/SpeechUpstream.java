package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A real speech server with OpenAI's audio API behind the lab model (live mode): a transcription or
 * speech request no rule answers is sent on to it as it came (the same body and {@code Content-Type},
 * so a multipart body keeps its boundary and the audio its bytes), and its whole answer is relayed
 * with its status and {@code Content-Type}, then recorded.
 */
final class SpeechUpstream {

    /**
     * What the speech server answered, for the recorder.
     *
     * @param text a transcription's text (the {@code text} of a JSON answer, else the body), or ""
     * @param audio a speech answer's bytes (status 200), or null
     */
    record Answer(int status, String text, byte[] audio) {}

    /** Speech models on a CPU are slow; the app's own timeouts decide what is too slow. */
    private static final Duration ANSWER_LIMIT = Duration.ofMinutes(10);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** @param base the server's OpenAI base URL, ending in {@code /v1} */
    SpeechUpstream(URI base) {
        String text = base.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Sends the request on and relays the answer ({@code 502} when the server cannot be reached);
     * {@code recorder} gets the answer before the app does.
     */
    void forward(HttpExchange exchange, AudioCall call, Consumer<Answer> recorder) throws IOException {
        String path = call.request().endpoint().substring("/v1".length());
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_LIMIT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
            if (call.contentType() != null) {
                request.header("Content-Type", call.contentType());
            }
            exchange.getRequestHeaders().getOrDefault("Authorization", java.util.List.of()).stream().findFirst()
                    .ifPresent(auth -> request.header("Authorization", auth));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + base, e);
        } catch (IOException e) {
            String message = "lab model: the speech server at " + base + " cannot be reached: " + e;
            recorder.accept(new Answer(502, "", null));
            AudioAnswers.error(exchange, 502, message, null);
            return;
        }
        byte[] body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        recorder.accept(new Answer(response.statusCode(), call.isTranscription() ? text(type, body) : "",
                !call.isTranscription() && response.statusCode() == 200 ? body : null));
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String text(String type, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("application/json")) {
            JsonNode json = Wire.parseQuietly(text);
            return json.path("text").asText("");
        }
        return text;
    }
}
