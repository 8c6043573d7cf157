package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** How one API (Ollama's or OpenAI's) writes each kind of answer to a request it read. */
interface Answers {

    /** An error status with the API's error body, for a request the model refused. Only before anything else was sent. */
    void error(HttpExchange exchange, int status, String message) throws IOException;

    /** A 400 for a body the API could not read. */
    default void badRequest(HttpExchange exchange, String message) throws IOException {
        error(exchange, 400, message);
    }

    /** A generated answer; a streamed request receives its chunks in order. */
    void text(HttpExchange exchange, ModelCall call, Completion completion) throws IOException;

    /**
     * The start of a streamed answer that breaks off: {@code completion}'s chunks, then, when
     * {@code error} is present, the API's in-stream error. The answer is left open: the caller
     * ends it (closes it, or drops the connection, maybe after a stall).
     */
    void brokenStream(HttpExchange exchange, ModelCall call, Completion completion, Optional<String> error)
            throws IOException;

    /**
     * The answer to a request with nothing to generate (no messages, an empty prompt): the model was
     * loaded, or unloaded ({@code completion.doneReason()}).
     */
    void loaded(HttpExchange exchange, ModelCall call, Completion completion) throws IOException;

    /** An assistant turn that asks for tool calls. */
    void toolCalls(HttpExchange exchange, ModelCall call, List<ToolCall> calls) throws IOException;

    /** One vector per input, in order. */
    void embeddings(HttpExchange exchange, ModelCall call, List<float[]> vectors) throws IOException;

    /**
     * The token counts that {@link #text}, {@link #toolCalls} or {@link #loaded} write with
     * {@code completion} for {@code call}, exactly as written (Ollama: {@code prompt_eval_count} and
     * {@code eval_count}; OpenAI: {@code usage.prompt_tokens} and {@code completion_tokens}); null when
     * that answer carries none. What the recorder keeps as the exchange's usage.
     */
    TokenUsage usage(ModelCall call, Completion completion);

    /**
     * The token counts that {@link #embeddings} writes for {@code vectors}: the inputs' tokens as
     * {@code input}, 0 as {@code output} (an embedding generates nothing); null when it writes none.
     */
    TokenUsage embeddingUsage(ModelCall call, List<float[]> vectors);
}
