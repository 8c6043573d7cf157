package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request to OpenAI's audio API as the lab model read it: the {@link ModelRequest} that is recorded,
 * and what only changes how it is answered. Read from {@code POST /v1/audio/transcriptions}
 * (multipart/form-data) or {@code POST /v1/audio/speech} (JSON), with OpenAI's rules
 * (platform.openai.com/docs/api-reference/audio).
 *
 * @param request what is recorded (kind {@code transcription} or {@code speech}, api {@code openai})
 * @param responseFormat the answer's format: for a transcription {@code json}, {@code text},
 *     {@code verbose_json}, {@code srt} or {@code vtt}; for speech {@code wav} or {@code pcm}
 * @param speed for speech, how fast to speak, 0.25 to 4.0 (1 is normal)
 * @param body the request body exactly as sent, for a real speech server
 * @param contentType the request's {@code Content-Type} exactly as sent (it names a multipart boundary)
 */
record AudioCall(ModelRequest request, String responseFormat, double speed, byte[] body, String contentType) {

    static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";
    static final String SPEECH = "/v1/audio/speech";

    /** OpenAI's limit on {@code input} (characters). */
    static final int MAX_INPUT = 4096;

    static final List<String> TRANSCRIPT_FORMATS = List.of("json", "text", "verbose_json", "srt", "vtt");
    /** The speech formats the lab model serves. */
    static final List<String> SPEECH_FORMATS = List.of("wav", "pcm");
    /** The speech formats OpenAI serves that the lab model does not (it has no encoder for them). */
    static final Set<String> UNSERVED_SPEECH_FORMATS = Set.of("mp3", "opus", "aac", "flac");

    /** A request OpenAI would refuse with 400: the message, and the parameter at fault. */
    static final class Invalid extends Exception {
        private final String param;

        Invalid(String message, String param) {
            super(message);
            this.param = param;
        }

        String param() {
            return param;
        }
    }

    /**
     * Reads a transcription request: {@code file} (required), {@code model} (required), optional
     * {@code language}, {@code prompt}, {@code response_format}, {@code temperature},
     * {@code timestamp_granularities[]}; other fields are recorded too.
     */
    static AudioCall transcription(byte[] body, String contentType) throws Invalid {
        MultipartBody form;
        try {
            form = MultipartBody.read(body, contentType);
        } catch (Wire.BadRequest e) {
            throw new Invalid(e.getMessage(), null);
        }
        MultipartBody.FilePart file = form.file("file").orElseThrow(() -> new Invalid(
                "you must provide a 'file' part: the audio file to transcribe (multipart/form-data)", "file"));
        String model = required(form.field("model"), "model");
        String format = form.field("response_format").map(f -> f.strip().toLowerCase(Locale.ROOT)).orElse("json");
        if (!TRANSCRIPT_FORMATS.contains(format)) {
            throw new Invalid("'" + format + "' is not one of " + TRANSCRIPT_FORMATS + " - 'response_format'",
                    "response_format");
        }
        Map<String, Object> options = new LinkedHashMap<>(form.fields());
        options.remove("model");
        List<Message> messages = form.field("prompt").map(p -> List.of(Message.of("user", p))).orElse(List.of());
        ModelRequest request = new ModelRequest(0, Instant.now(), "openai", TRANSCRIPTIONS, "transcription", model,
                messages, List.of(), false, options, null,
                new AudioClip(file.bytes(), file.fileName(), file.contentType()));
        return new AudioCall(request, format, 1, body, contentType);
    }

    /** Reads a speech request: {@code {"model", "input", "voice", "response_format", "speed", "instructions"}}. */
    static AudioCall speech(byte[] body, String contentType) throws Invalid {
        JsonNode json;
        try {
            json = Wire.parse(body);
        } catch (Wire.BadRequest e) {
            throw new Invalid(e.getMessage(), null);
        }
        String model = required(text(json, "model"), "model");
        String input = text(json, "input").orElseThrow(() -> new Invalid("you must provide 'input': the text to "
                + "synthesise", "input"));
        int length = input.codePointCount(0, input.length());
        if (length > MAX_INPUT) {
            throw new Invalid("'input' is too long: " + length + " characters; it may have at most " + MAX_INPUT,
                    "input");
        }
        if (input.isBlank()) {
            throw new Invalid("'input' is empty: give the text to synthesise", "input");
        }
        String format = text(json, "response_format").map(f -> f.strip().toLowerCase(Locale.ROOT)).orElse("wav");
        if (UNSERVED_SPEECH_FORMATS.contains(format)) {
            throw new Invalid("the lab model cannot encode '" + format + "' audio; it serves response_format "
                    + String.join(" or ", SPEECH_FORMATS) + " (16-bit PCM)", "response_format");
        }
        if (!SPEECH_FORMATS.contains(format)) {
            throw new Invalid("'" + format + "' is not a speech format; the lab model serves response_format "
                    + String.join(" or ", SPEECH_FORMATS), "response_format");
        }
        double speed = 1;
        if (json.has("speed") && !json.get("speed").isNull()) {
            JsonNode value = json.get("speed");
            if (!value.isNumber() || value.asDouble() < 0.25 || value.asDouble() > 4.0) {
                throw new Invalid("'speed' must be a number from 0.25 to 4.0, got " + value, "speed");
            }
            speed = value.asDouble();
        }
        Map<String, Object> options = new LinkedHashMap<>(Wire.toMap(json));
        options.remove("model");
        options.remove("input");
        ModelRequest request = new ModelRequest(0, Instant.now(), "openai", SPEECH, "speech", model,
                List.of(Message.of("user", input)), List.of(), false, options, null, null);
        return new AudioCall(request, format, speed, body, contentType);
    }

    private static Optional<String> text(JsonNode json, String name) throws Invalid {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new Invalid("'" + name + "' must be a string, got " + value.getNodeType().name().toLowerCase(
                    Locale.ROOT), name);
        }
        return Optional.of(value.asText());
    }

    private static String required(Optional<String> value, String name) throws Invalid {
        if (value.isEmpty() || value.get().isBlank()) {
            throw new Invalid("you must provide '" + name + "'", name);
        }
        return value.get();
    }

    /** The same call as the {@code number}-th request of the check, received {@code at}. */
    AudioCall numbered(int number, Instant at) {
        ModelRequest r = request;
        return new AudioCall(new ModelRequest(number, at, r.api(), r.endpoint(), r.kind(), r.model(), r.messages(),
                r.tools(), r.stream(), r.options(), r.format(), r.audio()), responseFormat, speed, body, contentType);
    }

    boolean isTranscription() {
        return request.isTranscription();
    }
}
