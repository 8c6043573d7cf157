package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.ToolCall;
import java.time.Duration;
import java.util.List;

/**
 * One request in the recorder: received when made, answered once. Scripted and default answers are
 * recorded before they are written, so that a check reading the recorder right after the app answered
 * finds the exchange there; an answer that broke off is recorded with status 0 by a last
 * {@link #answered} in a {@code finally}, which does nothing when the answer was recorded already.
 */
final class Recording {

    private final ModelTraffic traffic;
    private final ModelRequest request;
    private final long started = System.nanoTime();
    private String rule = "default";
    private boolean done;

    Recording(ModelTraffic traffic, ModelRequest request) {
        this.traffic = traffic;
        this.request = request;
        traffic.received(request);
    }

    /** The description of the rule (or refusal, or real model) that answers, shown in transcripts. */
    void rule(String rule) {
        this.rule = rule;
    }

    /** Records a text answer (a reply, a transcript, or {@code ""}) with its tool calls. */
    void answered(int status, String text, List<ToolCall> calls) {
        record(status, text, calls, null);
    }

    /** Records a speech answer: the text synthesised and the audio bytes sent (null when none). */
    void answeredAudio(int status, String text, byte[] audio) {
        record(status, text, List.of(), audio == null ? null : AudioClip.of(audio));
    }

    private void record(int status, String text, List<ToolCall> calls, AudioClip audio) {
        if (!done) {
            done = true;
            traffic.answered(new ModelExchange(request, status, text, calls, rule,
                    Duration.ofNanos(System.nanoTime() - started), audio));
        }
    }
}
