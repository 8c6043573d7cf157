package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.ToolCall;
import java.time.Duration;
import java.util.List;

/**
 * One request in the recorder: received when made, answered once. The answer is noted first
 * ({@link #answered}) and recorded when it ends ({@link #finish}): just before the last byte of its body
 * leaves (see {@link #watch}), or, for an answer with no body, just before the connection closes. So the
 * exchange's {@code duration} runs from the request's arrival to the end of its answer, and a check
 * reading the recorder right after the app answered finds the exchange there: the app cannot have read
 * the whole answer before it was recorded. An answer that broke off is recorded with status 0 by a last
 * {@link #answered} and {@link #finish} in a {@code finally}, which do nothing when it was recorded already.
 */
final class Recording {

    private final ModelTraffic traffic;
    private final ModelRequest request;
    private final long arrived;
    private String rule = "default";
    private ModelExchange answer;
    private boolean recorded;

    /**
     * Records {@code request} as received.
     *
     * @param arrivedNanos when it arrived, by {@link System#nanoTime()}: the start of the exchange's duration
     *     (the same moment as the request's {@code receivedAt})
     */
    Recording(ModelTraffic traffic, ModelRequest request, long arrivedNanos) {
        this.traffic = traffic;
        this.request = request;
        this.arrived = arrivedNanos;
        traffic.received(request);
    }

    /**
     * Has this exchange's answer recorded just before its last byte is written: installs a
     * {@link LastByteGate} on the exchange's response body. Call it before anything is written.
     */
    void watch(HttpExchange exchange) {
        exchange.setStreams(null, new LastByteGate(exchange.getResponseBody(), this::finish));
    }

    /** The description of the rule (or refusal, or real model) that answers, shown in transcripts. */
    synchronized void rule(String rule) {
        this.rule = rule;
    }

    /** Notes a text answer (a reply, a transcript, or {@code ""}) with its tool calls, and no token counts. */
    void answered(int status, String text, List<ToolCall> calls) {
        answered(status, text, calls, null);
    }

    /** Notes a text answer with the token counts it reports (null when it reports none). */
    void answered(int status, String text, List<ToolCall> calls, TokenUsage usage) {
        note(status, text, calls, null, usage);
    }

    /** Notes a speech answer: the text synthesised and the audio bytes sent (null when none). */
    void answeredAudio(int status, String text, byte[] audio) {
        note(status, text, List.of(), audio == null ? null : AudioClip.of(audio), null);
    }

    private synchronized void note(int status, String text, List<ToolCall> calls, AudioClip audio, TokenUsage usage) {
        if (answer == null) {
            answer = new ModelExchange(request, status, text, calls, rule, Duration.ZERO, audio, usage);
        }
    }

    /**
     * Records the noted answer, its duration ending now. Called as the answer ends; does nothing the
     * second time, or when nothing was noted yet.
     */
    synchronized void finish() {
        if (answer != null && !recorded) {
            recorded = true;
            ModelExchange a = answer;
            traffic.answered(new ModelExchange(request, a.status(), a.reply(), a.toolCalls(), rule,
                    Duration.ofNanos(System.nanoTime() - arrived), a.audio(), a.usage()));
        }
    }

    /** Notes that nothing was answered (status 0) and records it, then closes the connection without an answer. */
    void closeUnanswered(HttpExchange exchange) {
        answered(0, "", List.of());
        finish();
        exchange.close(); // no status line was sent: the connection just closes
    }
}
