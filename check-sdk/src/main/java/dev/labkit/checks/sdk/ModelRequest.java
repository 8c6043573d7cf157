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
 * @param kind {@code chat}, {@code generate}, {@code embed}, {@code transcription} (OpenAI's
 *     {@code /v1/audio/transcriptions}) or {@code speech} ({@code /v1/audio/speech})
 * @param model the model name the app asked for
 * @param messages the chat messages in order (for {@code generate}: system and prompt as
 *     messages; for {@code embed}: one user message per input; for {@code speech}: the
 *     {@code input} to synthesise as one user message; for {@code transcription}: the
 *     {@code prompt} field as one user message, when sent)
 * @param tools the tools the app declared
 * @param stream whether the app asked for a streamed answer
 * @param options generation options (temperature, seed, num_ctx, max tokens...), as sent; for
 *     {@code transcription}: the multipart text fields but {@code model} ({@code language},
 *     {@code prompt}, {@code response_format}...); for {@code speech}: the JSON fields but
 *     {@code model} and {@code input} ({@code voice}, {@code response_format}, {@code speed}...)
 * @param format the requested output format ({@code json} or a JSON schema), or null
 * @param audio the audio file a {@code transcription} request uploaded, exactly as sent, or null
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
        Object format,
        AudioClip audio) {

    /** A request with no audio: chat, generate, embeddings, speech. */
    public ModelRequest(int number, Instant receivedAt, String api, String endpoint, String kind, String model,
            List<Message> messages, List<ToolSpec> tools, boolean stream, Map<String, Object> options, Object format) {
        this(number, receivedAt, api, endpoint, kind, model, messages, tools, stream, options, format, null);
    }

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

    /** A speech-to-text request ({@code POST /v1/audio/transcriptions}); {@link #audio()} is what it uploaded. */
    public boolean isTranscription() {
        return "transcription".equals(kind);
    }

    /** A text-to-speech request ({@code POST /v1/audio/speech}); {@link #speechInput()} is what it asked to say. */
    public boolean isSpeech() {
        return "speech".equals(kind);
    }

    /** The text a speech request asked to synthesise ({@code input}), or {@code ""} for other requests. */
    public String speechInput() {
        return isSpeech() ? lastUserMessage() : "";
    }

    /** The images of every message, decoded, in order; an image that does not decode is left out. */
    public List<Picture> pictures() {
        return messages.stream().flatMap(m -> m.images().stream()).map(Picture::fromBase64)
                .flatMap(Optional::stream).toList();
    }

    /** The number of images the messages carry, decodable or not. */
    public int imageCount() {
        return messages.stream().mapToInt(m -> m.images().size()).sum();
    }
}
