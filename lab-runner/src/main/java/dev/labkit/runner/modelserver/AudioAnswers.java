package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How OpenAI's audio API writes its answers (platform.openai.com/docs/api-reference/audio): a
 * transcript in each {@code response_format}, synthesised audio, and errors as
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
final class AudioAnswers {

    private AudioAnswers() {}

    /**
     * A transcript as {@code format} asks:
     * <ul>
     *   <li>{@code json}: {@code {"text": ...}};
     *   <li>{@code text}: the text alone, {@code text/plain};
     *   <li>{@code verbose_json}: {@code {"task": "transcribe", "language", "duration" (seconds), "text",
     *       "segments": [one segment covering the clip]}};
     *   <li>{@code srt} and {@code vtt}: one cue from 0 to the clip's duration.
     * </ul>
     *
     * @param seconds how long the clip plays (0 when unknown)
     * @param language the {@code language} field sent, or null ({@code english} is answered then)
     */
    static void transcript(HttpExchange exchange, String format, String text, double seconds, String language)
            throws IOException {
        switch (format) {
            case "text" -> send(exchange, 200, "text/plain; charset=utf-8", text);
            case "srt" -> send(exchange, 200, "text/plain; charset=utf-8",
                    "1\n" + time(0, ',') + " --> " + time(seconds, ',') + "\n" + text + "\n\n");
            case "vtt" -> send(exchange, 200, "text/vtt; charset=utf-8",
                    "WEBVTT\n\n" + time(0, '.') + " --> " + time(seconds, '.') + "\n" + text + "\n\n");
            case "verbose_json" -> {
                ObjectNode body = Wire.object().put("task", "transcribe")
                        .put("language", language == null || language.isBlank() ? "english" : language)
                        .put("duration", seconds).put("text", text);
                body.putArray("segments").addObject().put("id", 0).put("seek", 0).put("start", 0.0)
                        .put("end", seconds).put("text", text).putArray("tokens");
                ((ObjectNode) body.get("segments").get(0)).put("temperature", 0.0).put("avg_logprob", 0.0)
                        .put("compression_ratio", 1.0).put("no_speech_prob", 0.0);
                Wire.sendJson(exchange, 200, body);
            }
            default -> Wire.sendJson(exchange, 200, Wire.object().put("text", text));
        }
    }

    /** Synthesised audio: {@code audio/wav} for a WAV file, {@code audio/pcm} for raw samples. */
    static void audio(HttpExchange exchange, String format, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", format.equals("pcm") ? "audio/pcm" : "audio/wav");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** OpenAI's error: {@code invalid_request_error} for 4xx, {@code api_error} otherwise. */
    static void error(HttpExchange exchange, int status, String message, String param) throws IOException {
        ObjectNode body = OpenAiAnswers.error(message, status < 500 ? "invalid_request_error" : "api_error");
        if (param != null) {
            ((ObjectNode) body.get("error")).put("param", param);
        }
        Wire.sendJson(exchange, status, body);
    }

    /** {@code HH:MM:SS,mmm} (SubRip) or {@code HH:MM:SS.mmm} (WebVTT). */
    static String time(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, separator, millis % 1000);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
