package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.util.List;

/** How one API (Ollama's or OpenAI's) writes each kind of answer to a request it read. */
interface Answers {

    /** An error status with the API's error body. Only before anything else was sent. */
    void error(HttpExchange exchange, int status, String message) throws IOException;

    /** A text answer; a streamed request receives {@code chunks} in order. */
    void text(HttpExchange exchange, ModelRequest request, String text, List<String> chunks) throws IOException;

    /** An assistant turn that asks for tool calls. */
    void toolCalls(HttpExchange exchange, ModelRequest request, List<ToolCall> calls) throws IOException;

    /** One vector per input, in order. */
    void embeddings(HttpExchange exchange, ModelRequest request, List<float[]> vectors) throws IOException;
}
