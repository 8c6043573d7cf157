package dev.labkit.checks.sdk;

import java.util.List;
import java.util.Objects;

/**
 * One chat message of a model request, the same whether the app spoke Ollama's or OpenAI's API.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text ({@code ""} when the message has none, e.g. a pure tool call)
 * @param images base64-encoded images attached to the message, in order
 * @param toolCalls the tool calls an assistant message carries, in order
 */
public record Message(String role, String content, List<String> images, List<ToolCall> toolCalls) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        images = images == null ? List.of() : List.copyOf(images);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message of(String role, String content) {
        return new Message(role, content, List.of(), List.of());
    }

    public boolean isSystem() {
        return "system".equals(role);
    }

    public boolean isUser() {
        return "user".equals(role);
    }

    public boolean isAssistant() {
        return "assistant".equals(role);
    }

    /** A tool result the app sent back ({@code role: "tool"}, whatever tool name or call id it carries). */
    public boolean isTool() {
        return "tool".equals(role);
    }

    @Override
    public String toString() {
        return role + ": " + content;
    }
}
