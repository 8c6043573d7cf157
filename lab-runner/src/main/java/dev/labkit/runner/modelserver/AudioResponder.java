package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers one request to the speech service ({@code /v1/audio/transcriptions}, {@code /v1/audio/speech}):
 * records it, picks the first matching script rule, and answers it: {@link Reply.Text} is the transcript,
 * or the text synthesised instead of {@code input}; {@link Reply.Failure}, {@link Reply.Drop},
 * {@link Reply.Stall} and {@link Reply.Delayed} work as for chat ({@link Reply.BrokenStream} as its end:
 * audio answers are not streamed). With no rule (or {@link Reply.Default}), the real speech server
 * answers in live mode, else {@link SpeechDefaults}. What was answered is recorded, whatever happens.
 */
final class AudioResponder {

    private final ModelScript script;
    private final ModelTraffic traffic;
    private final CountDownLatch closing;
    private final Optional<SpeechUpstream> upstream;
    private final SpeechDefaults defaults;

    AudioResponder(ModelScript script, ModelTraffic traffic, CountDownLatch closing, Optional<SpeechUpstream> upstream,
            SpeechDefaults defaults) {
        this.script = script;
        this.traffic = traffic;
        this.closing = closing;
        this.upstream = upstream;
        this.defaults = defaults;
    }

    /** Answers {@code call}, which arrived at {@code arrivedNanos} ({@link System#nanoTime()}). */
    void answer(HttpExchange exchange, AudioCall call, RequestLog.Entry entry, long arrivedNanos) throws IOException {
        ModelRequest request = call.request();
        Recording recording = new Recording(traffic, request, arrivedNanos);
        recording.watch(exchange);
        try {
            Optional<ModelScript.Rule> matched = script.ruleFor(request);
            Reply reply = matched.map(ModelScript.Rule::take).orElse(new Reply.Default());
            recording.rule(matched.map(r -> r.match().description()).orElse("default"));
            while (reply instanceof Reply.Delayed delayed) {
                awaitClosing(delayed.delay());
                reply = delayed.then();
            }
            if (reply instanceof Reply.BrokenStream broken) {
                reply = broken.end(); // an audio answer is not streamed: it just fails
            }
            if (reply instanceof Reply.Failure failure) {
                recording.answeredAudio(failure.status(), "", null);
                entry.refused(failure.message());
                AudioAnswers.error(exchange, failure.status(), failure.message(), null);
            } else if (reply instanceof Reply.Stall stall) {
                awaitClosing(stall.duration());
                recording.closeUnanswered(exchange);
            } else if (reply instanceof Reply.Drop) {
                recording.closeUnanswered(exchange);
            } else if (reply instanceof Reply.ToolCalls) {
                String message = "lab model: a tool-call reply cannot answer a " + request.kind() + " request";
                recording.answeredAudio(500, "", null);
                entry.refused(message);
                AudioAnswers.error(exchange, 500, message, null);
            } else if (reply instanceof Reply.Text scripted) {
                answerWith(exchange, call, scripted.content(), recording, entry);
            } else if (upstream.isPresent()) {
                recording.rule("real speech server");
                upstream.get().forward(exchange, call, answer -> {
                    recording.answeredAudio(answer.status(), answer.text(), answer.audio());
                    if (answer.status() == 200) {
                        entry.answeredText(call.isTranscription() ? answer.text() : "audio, "
                                + (answer.audio() == null ? 0 : answer.audio().length) + " bytes");
                    } else {
                        entry.refused("the speech server answered " + answer.status());
                    }
                });
            } else if (call.isTranscription()) {
                String transcript;
                try {
                    transcript = defaults.transcribe(request.audio());
                } catch (AudioCall.Invalid e) {
                    recording.answeredAudio(400, "", null);
                    entry.refused(e.getMessage());
                    AudioAnswers.error(exchange, 400, e.getMessage(), e.param());
                    return;
                }
                answerWith(exchange, call, transcript, recording, entry);
            } else {
                answerWith(exchange, call, request.speechInput(), recording, entry);
            }
        } finally {
            recording.answeredAudio(0, "", null); // only if nothing was noted: the answer broke off
            recording.finish(); // only if the answer's end did not record it
        }
    }

    /** A transcription answered {@code text}, or speech saying {@code text}. */
    private void answerWith(HttpExchange exchange, AudioCall call, String text, Recording recording,
            RequestLog.Entry entry) throws IOException {
        ModelRequest request = call.request();
        if (call.isTranscription()) {
            recording.answeredAudio(200, text, null);
            entry.answeredText(text);
            Object language = request.options().get("language");
            AudioAnswers.transcript(exchange, call.responseFormat(), text, seconds(request.audio()),
                    language == null ? null : language.toString());
            return;
        }
        byte[] wav = defaults.synthesise(text, call.speed());
        byte[] answer = call.responseFormat().equals("pcm")
                ? WavAudio.samples(wav, WavAudio.OPENAI_PCM_RATE).orElseThrow() : wav;
        recording.answeredAudio(200, text, answer);
        entry.answeredText(String.format(java.util.Locale.ROOT, "%s, %.1f s, %,d bytes, saying: %s",
                call.responseFormat(), seconds(AudioClip.of(wav)), answer.length, RequestLog.shortened(text)));
        AudioAnswers.audio(exchange, call.responseFormat(), answer);
    }

    /** How long a clip plays, in seconds; 0 when it is not a WAV with a known length. */
    private static double seconds(AudioClip clip) {
        return clip.duration().map(d -> d.toNanos() / 1e9).orElse(0d);
    }

    private void awaitClosing(Duration duration) {
        try {
            closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
