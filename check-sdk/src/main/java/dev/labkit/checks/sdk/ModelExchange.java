package dev.labkit.checks.sdk;

import java.time.Duration;
import java.util.List;

/**
 * One request to the lab model and what it answered.
 *
 * @param request the normalised request
 * @param status the HTTP status answered, or 0 when the connection was dropped or stalled
 * @param reply the text answered ({@code ""} for tool calls, errors and embeddings)
 * @param toolCalls the tool calls answered, in order
 * @param rule the description of the script rule that answered, or {@code default}
 * @param duration how long the model server took to answer
 * @param audio the audio a speech request was answered with, exactly as sent, or null
 * @param usage the token counts the answer reported (Ollama's {@code prompt_eval_count} and
 *     {@code eval_count}, OpenAI's {@code usage}), or null when it reported none (failures, drops)
 */
public record ModelExchange(
        ModelRequest request,
        int status,
        String reply,
        List<ToolCall> toolCalls,
        String rule,
        Duration duration,
        AudioClip audio,
        TokenUsage usage) {

    /** Token counts an answer reported: {@code input} (the prompt) and {@code output} (the answer), in tokens. */
    public record TokenUsage(int input, int output) {}

    /** An exchange that answered no audio. */
    public ModelExchange(ModelRequest request, int status, String reply, List<ToolCall> toolCalls, String rule,
            Duration duration) {
        this(request, status, reply, toolCalls, rule, duration, null, null);
    }

    /** An exchange whose answer reported no token counts. */
    public ModelExchange(ModelRequest request, int status, String reply, List<ToolCall> toolCalls, String rule,
            Duration duration, AudioClip audio) {
        this(request, status, reply, toolCalls, rule, duration, audio, null);
    }

    public ModelExchange {
        reply = reply == null ? "" : reply;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
