package com.example.fig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;

/**
 * The speech service, through OpenAI's audio API (which open-source speech servers implement) at
 * {@code LAB_SPEECH_BASE_URL}: {@code POST /audio/transcriptions} (multipart: {@code file},
 * {@code model}, {@code response_format=json}) answers {@code {"text": "..."}};
 * {@code POST /audio/speech} ({@code {"model","input","voice","response_format":"wav"}}) answers
 * the WAV bytes. Every call has a deadline; every failure is a {@link SpeechFailure}.
 */
final class SpeechClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType UTF8_TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    private final Settings settings;
    private final HttpClient http;

    SpeechClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Settings.CONNECT_TIMEOUT).build();
    }

    /** The text spoken in {@code wav} (a WAV file's bytes, sent exactly as given). */
    String transcribe(byte[] wav) {
        HttpEntity form = MultipartEntityBuilder.create()
                .addBinaryBody("file", wav, ContentType.create("audio/wav"), "audio.wav")
                .addTextBody("model", settings.sttModel(), UTF8_TEXT)
                .addTextBody("response_format", "json", UTF8_TEXT)
                .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            form.writeTo(body);
        } catch (IOException e) {
            throw new SpeechFailure("cannot build the multipart body", e);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint("/audio/transcriptions"))
                .timeout(Settings.SPEECH_TIMEOUT)
                .header("Content-Type", form.getContentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        byte[] answer = send(request);
        try {
            JsonNode text = JSON.readTree(answer).get("text");
            if (text == null || !text.isTextual()) {
                throw new SpeechFailure("the transcription has no text field", null);
            }
            return text.asText();
        } catch (IOException e) {
            throw new SpeechFailure("the transcription is not JSON", e);
        }
    }

    /** {@code text} spoken by {@code LAB_TTS_VOICE}, as the bytes of a WAV file. */
    byte[] synthesize(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", settings.ttsModel());
        fields.put("input", text);
        fields.put("voice", settings.ttsVoice());
        fields.put("response_format", "wav");
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(endpoint("/audio/speech"))
                    .timeout(Settings.SPEECH_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(fields)))
                    .build();
        } catch (IOException e) {
            throw new SpeechFailure("cannot write the speech request", e);
        }
        byte[] wav = send(request);
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav));
            if (!AudioFileFormat.Type.WAVE.equals(format.getType())) {
                throw new SpeechFailure("the speech service answered " + format.getType() + ", not WAV", null);
            }
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new SpeechFailure("the speech service answered something that is not a WAV file", e);
        }
        return wav;
    }

    private URI endpoint(String path) {
        return URI.create(settings.speechBaseUrl() + path);
    }

    private byte[] send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SpeechFailure(request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechFailure("interrupted while waiting for " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SpeechFailure(request.uri() + " answered " + response.statusCode(), null);
        }
        return response.body();
    }
}
