package dev.labkit.runner.modelserver;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects a langchain4j stream: the partial responses in order, and the end (wait on it with a deadline). */
final class StreamingCollector implements StreamingChatResponseHandler {

    final List<String> partials = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partial) {
        partials.add(partial);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }
}
