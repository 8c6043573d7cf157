package dev.labkit.checks.sdk;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request the app sent to the lab model, normalised across Ollama's and OpenAI's APIs.
 *
 * @param number 1 for the first request of the current check, 2 for the next, and so on
 * @param receivedAt when the model server received it
 * @param api {@code ollama} or {@code openai}
 * @param endpoint the path it was sent to, e.g. {@code /api/chat}
 * @param kind {@code chat}, {@code generate} or {@code embed}
 * @param model the model name the app asked for
 * @param messages the chat messages in order (for {@code generate}: system and prompt as
 *     messages; for {@code embed}: one user message per input)
 * @param tools the tools the app declared
 * @param stream whether the app asked for a streamed answer
 * @param options generation options (temperature, seed, num_ctx, max tokens...), as sent
 * @param format the requested output format ({@code json} or a JSON schema), or null
 */
public record ModelRequest(
        int number,
        Instant receivedAt,
        String api,
        String endpoint,
        String kind,
        String model,
        List<Message> messages,
        List<ToolSpec> tools,
        boolean stream,
        Map<String, Object> options,
        Object format) {

    public ModelRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The text of the first system message, or {@code ""} when there is none. */
    public String systemPrompt() {
        return messages.stream().filter(Message::isSystem).map(Message::content).findFirst().orElse("");
    }

    /** The last user message's text, or {@code ""} when there is none. */
    public String lastUserMessage() {
        return lastUser().map(Message::content).orElse("");
    }

    /** The last user message, if any. */
    public Optional<Message> lastUser() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isUser()) {
                return Optional.of(messages.get(i));
            }
        }
        return Optional.empty();
    }

    /** The messages between the system prompt and the last user message: the app's memory. */
    public List<Message> history() {
        int from = !messages.isEmpty() && messages.get(0).isSystem() ? 1 : 0;
        int to = messages.size();
        if (to > from && messages.get(to - 1).isUser()) {
            to--;
        }
        return messages.subList(from, Math.max(from, to));
    }

    /** The tool results the request carries ({@code role: "tool"} messages), in order. */
    public List<Message> toolResults() {
        return messages.stream().filter(Message::isTool).toList();
    }

    public boolean hasTools() {
        return !tools.isEmpty();
    }

    public boolean hasImages() {
        return messages.stream().anyMatch(m -> !m.images().isEmpty());
    }

    public boolean isChat() {
        return "chat".equals(kind) || "generate".equals(kind);
    }

    public boolean isEmbedding() {
        return "embed".equals(kind);
    }
}
