package com.example.fig;

import io.javalin.http.Context;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/ask}: validates the form, transcribes the recording, asks the model (the vision
 * model when there is a picture), and synthesises the reply when asked to speak. Answers
 * {@code {"sessionId","transcript","reply","audio"}} (transcript and audio only when there are
 * some), or {@code {"error"}} with 400, 413, 415, 502 or 504.
 */
final class AskRoutes {

    private final Fig fig;
    private final SpeechClient speech;

    AskRoutes(Fig fig, SpeechClient speech) {
        this.fig = fig;
        this.speech = speech;
    }

    void ask(Context ctx) {
        AskRequest request;
        try {
            request = AskRequest.read(ctx);
        } catch (Refusal refusal) {
            ctx.status(refusal.status()).json(Map.of("error", refusal.getMessage()));
            return;
        }
        try {
            String transcript = request.audio() == null ? null : speech.transcribe(request.audio());
            String message = request.message(transcript);
            String reply;
            try {
                // A recording with no words in it, and nothing typed: there is no question to ask.
                reply = message.isBlank() ? Fig.NOTHING_HEARD : fig.reply(request.sessionId(), message, request.image());
            } catch (RuntimeException e) {
                ModelFailure failure = ModelFailure.of(e);
                System.err.println("model call failed for session " + request.sessionId() + ": " + e);
                ctx.status(failure.status()).json(Map.of("error", failure.message()));
                return;
            }
            String audio = request.speak() ? Base64.getEncoder().encodeToString(speech.synthesize(reply)) : null;
            if (!message.isBlank()) {
                fig.remember(request.sessionId(), message, reply);
            }

            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("sessionId", request.sessionId());
            if (transcript != null) {
                answer.put("transcript", transcript);
            }
            answer.put("reply", reply);
            if (audio != null) {
                answer.put("audio", audio);
            }
            ctx.json(answer);
        } catch (SpeechFailure e) {
            System.err.println("speech service failed for session " + request.sessionId() + ": " + e.getMessage());
            ctx.status(502).json(Map.of("error", SpeechFailure.MESSAGE));
        }
    }
}
