package com.example.fig;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/ask} form (multipart/form-data): {@code sessionId}, optional
 * {@code text}, {@code image} (prepared for the model), {@code audio} (a WAV file's bytes) and
 * {@code speak}. Files are judged by their content, never by their name or declared type.
 */
record AskRequest(String sessionId, String text, ImagePrep.Prepared image, byte[] audio, boolean speak) {

    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * @throws Refusal 400 for a request that is not multipart, a bad {@code sessionId} or
     *     {@code speak}, or neither text nor audio; 413 and 415 for images and audio (see
     *     {@link ImagePrep#prepare} and {@link WavCheck#check})
     */
    static AskRequest read(Context ctx) throws Refusal {
        if (!ctx.isMultipartFormData()) {
            throw new Refusal(400, "Send the question as multipart/form-data (sessionId, text, image, audio, speak).");
        }
        UploadedFile imageFile;
        UploadedFile audioFile;
        String sessionId;
        String text;
        String speak;
        try {
            sessionId = ctx.formParam("sessionId");
            text = ctx.formParam("text");
            speak = ctx.formParam("speak");
            imageFile = upload(ctx, "image");
            audioFile = upload(ctx, "audio");
        } catch (IllegalStateException e) { // Jetty's multipart limits (see FigApp)
            throw new Refusal(413, "The upload is too large: images up to 10 MB, recordings up to 60 seconds.");
        }
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new Refusal(400, "sessionId must be 1 to 64 letters, digits, '-' or '_'.");
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
        if (text == null && audioFile == null) {
            throw new Refusal(400, "Ask something: send text, audio, or both.");
        }
        if (speak != null && !speak.equals("true") && !speak.equals("false")) {
            throw new Refusal(400, "speak must be true or false.");
        }
        ImagePrep.Prepared image = imageFile == null ? null : ImagePrep.prepare(bytes(imageFile, ImagePrep.MAX_BYTES));
        byte[] audio = null;
        if (audioFile != null) {
            audio = bytes(audioFile, WavCheck.MAX_BYTES);
            WavCheck.check(audio);
        }
        return new AskRequest(sessionId, text, image, audio, "true".equals(speak));
    }

    /** The user's message: the text, the transcript, or both on two lines. */
    String message(String transcript) {
        if (transcript == null) {
            return text;
        }
        return text == null ? transcript : text + "\n" + transcript;
    }

    /** The named file, or null when it was not sent (or sent empty, as a form with no file chosen does). */
    private static UploadedFile upload(Context ctx, String name) {
        UploadedFile file = ctx.uploadedFile(name);
        return file == null || file.size() == 0 ? null : file;
    }

    /** The file's bytes; one byte more than {@code limit} at most, so a large file is refused, not read. */
    private static byte[] bytes(UploadedFile file, int limit) {
        try (InputStream in = file.content()) {
            return in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded " + file.filename(), e);
        }
    }
}
