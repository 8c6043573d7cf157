package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import dev.labkit.checks.sdk.ToolSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads Ollama API request bodies into normalised {@link ModelRequest}s. */
final class OllamaRequests {

    private OllamaRequests() {}

    /** {@code POST /api/chat}. Ollama streams unless {@code "stream": false}. */
    static ModelRequest chat(JsonNode body, int number, Instant at) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            List<String> images = new ArrayList<>();
            m.path("images").forEach(i -> images.add(i.asText()));
            List<ToolCall> calls = new ArrayList<>();
            m.path("tool_calls").forEach(call -> calls.add(Wire.toolCall(call)));
            Message message = new Message(m.path("role").asText("user"), m.path("content").asText(""), images, calls);
            addMergingImageParts(messages, message);
        }
        return new ModelRequest(number, at, "ollama", "/api/chat", "chat", body.path("model").asText(null),
                messages, tools(body.path("tools")), body.path("stream").asBoolean(true),
                Wire.toMap(body.path("options")), Wire.toValue(body.get("format")));
    }

    /**
     * LangChain JS (ChatOllama) sends the image parts of a user turn as a user message of their own,
     * with no text, right after the turn's text, as Ollama itself splits OpenAI content parts. Such a
     * message joins the one before it, so that a turn's question and images stay one message, as
     * they are recorded from {@code /v1}.
     */
    private static void addMergingImageParts(List<Message> messages, Message message) {
        Message previous = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (previous != null && previous.isUser() && message.isUser() && message.content().isBlank()
                && !message.images().isEmpty() && message.toolCalls().isEmpty()) {
            List<String> images = new ArrayList<>(previous.images());
            images.addAll(message.images());
            messages.set(messages.size() - 1, new Message("user", previous.content(), images, previous.toolCalls()));
        } else {
            messages.add(message);
        }
    }

    /** {@code POST /api/generate}: system and prompt become a system and a user message. */
    static ModelRequest generate(JsonNode body, int number, Instant at) {
        List<Message> messages = new ArrayList<>();
        if (body.hasNonNull("system")) {
            messages.add(Message.of("system", body.get("system").asText()));
        }
        List<String> images = new ArrayList<>();
        body.path("images").forEach(i -> images.add(i.asText()));
        messages.add(new Message("user", body.path("prompt").asText(""), images, List.of()));
        return new ModelRequest(number, at, "ollama", "/api/generate", "generate", body.path("model").asText(null),
                messages, List.of(), body.path("stream").asBoolean(true), Wire.toMap(body.path("options")),
                Wire.toValue(body.get("format")));
    }

    /** {@code POST /api/embed} ({@code input}: a string or a list) and legacy {@code /api/embeddings} ({@code prompt}). */
    static ModelRequest embed(JsonNode body, String endpoint, int number, Instant at) {
        List<Message> inputs = new ArrayList<>();
        JsonNode input = body.has("input") ? body.get("input") : body.path("prompt");
        if (input.isArray()) {
            input.forEach(i -> inputs.add(Message.of("user", i.asText())));
        } else if (!input.isMissingNode() && !input.isNull()) {
            inputs.add(Message.of("user", input.asText()));
        }
        return new ModelRequest(number, at, "ollama", endpoint, "embed", body.path("model").asText(null), inputs,
                List.of(), false, Wire.toMap(body.path("options")), null);
    }

    static List<ToolSpec> tools(JsonNode tools) {
        List<ToolSpec> specs = new ArrayList<>();
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            specs.add(new ToolSpec(function.path("name").asText(), function.path("description").asText(""),
                    Wire.toMap(function.path("parameters"))));
        }
        return specs;
    }
}
