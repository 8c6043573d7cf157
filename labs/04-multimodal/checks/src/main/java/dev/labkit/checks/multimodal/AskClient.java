package dev.labkit.checks.multimodal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.MultipartForm;
import java.util.Base64;

/**
 * Lab 04's API as the page or a user's client calls it: {@code POST /api/ask}, multipart/form-data
 * with {@code sessionId}, optional {@code text}, {@code image}, {@code audio} and {@code speak}.
 * The answer is read in every form the brief allows: keys in any order, extra keys ignored,
 * {@code transcript} and {@code audio} null or absent when there is none.
 */
final class AskClient {

    static final String PATH = "/api/ask";

    /**
     * What {@code POST /api/ask} answered with 200.
     *
     * @param sessionId the session id echoed
     * @param transcript the transcript of the audio sent, or null when the app gave none (null or absent)
     * @param reply the model's reply
     * @param audio the {@code audio} field as it was (base64 of a WAV), or null when the app gave none
     */
    record Answer(String sessionId, String transcript, String reply, String audio) {

        /** The audio's bytes, or a learner-facing failure when {@code audio} is missing or not base64. */
        byte[] audioBytes() {
            Expect.that(audio != null && !audio.isBlank(), () -> "with speak=true the answer should carry \"audio\":"
                    + " the WAV of the spoken reply, base64-encoded; it has none");
            try {
                return Base64.getMimeDecoder().decode(withoutDataUrlPrefix(audio).strip());
            } catch (IllegalArgumentException e) {
                throw new AssertionError("\"audio\" should be the WAV's bytes in base64, but it does not decode as "
                        + "base64 (" + e.getMessage() + "); it starts: " + AppClient.shorten(audio));
            }
        }

        private static String withoutDataUrlPrefix(String text) {
            return text.startsWith("data:") && text.contains(",") ? text.substring(text.indexOf(',') + 1) : text;
        }
    }

    private final AppClient app;

    AskClient(AppClient app) {
        this.app = app;
    }

    /** A form with the session id and, when not null, the text. */
    static MultipartForm form(String sessionId, String text) {
        MultipartForm form = MultipartForm.create().field("sessionId", sessionId);
        return text == null ? form : form.field("text", text);
    }

    /** POST /api/ask, whatever it answers. */
    AppResponse send(MultipartForm form) {
        return app.postMultipart(PATH, form);
    }

    /** POST /api/ask, expecting 200 {@code {"sessionId", "reply", ...}}. */
    Answer ask(MultipartForm form, String sessionId) {
        return read(send(form), sessionId);
    }

    /** Reads a 200 answer of {@code POST /api/ask}; a learner-facing failure when it breaks the brief. */
    static Answer read(AppResponse response, String sessionId) {
        Expect.that(response.status() == 200, () -> response.request() + " should answer 200 {\"sessionId\","
                + "\"transcript\",\"reply\",\"audio\"}, got " + response.status() + " "
                + AppClient.shorten(response.body()));
        String reply = response.text("reply");
        String echoed = response.text("sessionId");
        Expect.that(echoed.equals(sessionId), () -> "POST /api/ask should answer with the request's sessionId \""
                + sessionId + "\", got \"" + echoed + "\"");
        JsonNode json = response.json();
        return new Answer(echoed, optionalText(json, "transcript"), reply, optionalText(json, "audio"));
    }

    /** A string field that may be null or absent (then null); anything else is a learner-facing failure. */
    static String optionalText(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        Expect.that(value.isTextual(), () -> "\"" + field + "\" should be a string (or null when there is none), got "
                + AppClient.shorten(value.toString()));
        return value.asText();
    }
}
