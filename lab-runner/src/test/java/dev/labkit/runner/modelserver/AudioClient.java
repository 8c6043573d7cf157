package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;

/**
 * An app's calls to OpenAI's audio API at a base URL ending in {@code /v1}: multipart bodies made by
 * Apache HttpClient 5's {@link MultipartEntityBuilder}, sent with the JDK's client.
 */
final class AudioClient {

    /** FreeTTS makes a few seconds of speech in well under a second; pocketsphinx takes longer. */
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(60);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AudioClient(URI base) {
        this.base = base.toString();
    }

    /** A transcription request: the file part, then the text fields in order. */
    HttpResponse<byte[]> transcribe(byte[] file, String fileName, String contentType, Map<String, String> fields)
            throws IOException, InterruptedException {
        MultipartEntityBuilder builder = MultipartEntityBuilder.create().setMode(HttpMultipartMode.STRICT);
        if (file != null) {
            builder.addBinaryBody("file", file, ContentType.parse(contentType), fileName);
        }
        fields.forEach((name, value) -> builder.addTextBody(name, value, ContentType.TEXT_PLAIN.withCharset("UTF-8")));
        HttpEntity entity = builder.build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        entity.writeTo(body);
        return post("/audio/transcriptions", entity.getContentType(), body.toByteArray());
    }

    /** A transcription of a WAV file with {@code model} and these other fields. */
    HttpResponse<byte[]> transcribeWav(byte[] wav, String model, String... fieldPairs)
            throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", model);
        for (int i = 0; i + 1 < fieldPairs.length; i += 2) {
            fields.put(fieldPairs[i], fieldPairs[i + 1]);
        }
        return transcribe(wav, "question.wav", "audio/wav", fields);
    }

    HttpResponse<byte[]> speech(String json) throws IOException, InterruptedException {
        return post("/audio/speech", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_LIMIT)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return ModelServerFixture.JSON.readTree(response.body());
    }
}
