package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelExchange.TokenUsage;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** An API's answers, each noted in the request's log entry (the reason of a refusal, the text, the calls) as it is written. */
final class LoggedAnswers implements Answers {

    private final Answers api;
    private final RequestLog.Entry entry;

    LoggedAnswers(Answers api, RequestLog.Entry entry) {
        this.api = api;
        this.entry = entry;
    }

    @Override
    public void error(HttpExchange exchange, int status, String message) throws IOException {
        entry.refused(message);
        api.error(exchange, status, message);
    }

    @Override
    public void badRequest(HttpExchange exchange, String message) throws IOException {
        entry.refused(message);
        api.badRequest(exchange, message);
    }

    @Override
    public void text(HttpExchange exchange, ModelCall call, Completion completion) throws IOException {
        entry.answeredText(completion.contentText());
        api.text(exchange, call, completion);
    }

    @Override
    public void brokenStream(HttpExchange exchange, ModelCall call, Completion completion, Optional<String> error)
            throws IOException {
        entry.answeredBrokenStream(completion.contentText(), error);
        api.brokenStream(exchange, call, completion, error);
    }

    @Override
    public void loaded(HttpExchange exchange, ModelCall call, Completion completion) throws IOException {
        entry.answeredNothing(completion.doneReason());
        api.loaded(exchange, call, completion);
    }

    @Override
    public void toolCalls(HttpExchange exchange, ModelCall call, List<ToolCall> calls) throws IOException {
        entry.answeredToolCalls(calls);
        api.toolCalls(exchange, call, calls);
    }

    @Override
    public void embeddings(HttpExchange exchange, ModelCall call, List<float[]> vectors) throws IOException {
        entry.answeredVectors(vectors);
        api.embeddings(exchange, call, vectors);
    }

    @Override
    public TokenUsage usage(ModelCall call, Completion completion) {
        return api.usage(call, completion);
    }

    @Override
    public TokenUsage embeddingUsage(ModelCall call, List<float[]> vectors) {
        return api.embeddingUsage(call, vectors);
    }
}
