package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads OpenAI API request bodies into {@link ModelCall}s, as Ollama 0.12.6's compatibility layer
 * reads them (openai/openai.go, middleware/openai.go), with its error messages.
 */
final class OpenAiRequests {

    /** The image data URLs Ollama accepts (openai.go {@code FromChatRequest}); a blank MIME type too. */
    private static final List<String> IMAGE_PREFIXES = List.of("data:;base64,", "data:image/jpeg;base64,",
            "data:image/jpg;base64,", "data:image/png;base64,", "data:image/webp;base64,");

    private static final List<String> OPTIONS = List.of("temperature", "top_p", "seed", "max_tokens",
            "max_completion_tokens", "presence_penalty", "frequency_penalty", "stop");

    private OpenAiRequests() {}

    /** {@code POST /v1/chat/completions}: content may be a string or a list of text and image parts. */
    static ModelCall chat(JsonNode body) throws Wire.BadRequest {
        Fields fields = Fields.of(body, "ChatCompletionRequest");
        List<Fields> sent = fields.objects("messages", "openai.Message");
        if (sent.isEmpty()) {
            throw new Wire.BadRequest("[] is too short - 'messages'");
        }
        List<Message> messages = new ArrayList<>();
        for (Fields m : sent) {
            messages.add(message(m));
        }
        // max_completion_tokens replaces max_tokens in OpenAI's API; Ollama 0.12.6 reads max_tokens only.
        int maxTokens = fields.integer("max_completion_tokens").orElse(fields.integer("max_tokens").orElse(0));
        ModelRequest request = new ModelRequest(0, Instant.EPOCH, "openai", "/v1/chat/completions", "chat",
                fields.string("model", ""), messages, OllamaRequests.tools(fields), fields.bool("stream", false),
                options(fields), Wire.toValue(fields.raw("response_format")));
        return ModelCall.generating(request, new ModelCall.Generation(maxTokens, think(fields), false,
                includeUsage(fields), false, ""));
    }

    /**
     * {@code POST /v1/completions}: a prompt (a string only, as in Ollama 0.12.6) answered like
     * {@code /api/generate}.
     */
    static ModelCall completion(JsonNode body) throws Wire.BadRequest {
        Fields fields = Fields.of(body, "CompletionRequest");
        for (JsonNode stop : fields.raw("stop").isArray() ? fields.array("stop", "[]string") : List.<JsonNode>of()) {
            if (!stop.isTextual()) {
                throw new Wire.BadRequest("invalid type for 'stop' field: " + (stop.isNumber() ? "float64" : Fields.kind(stop)));
            }
        }
        ModelRequest request = new ModelRequest(0, Instant.EPOCH, "openai", "/v1/completions", "generate",
                fields.string("model", ""), List.of(Message.of("user", fields.string("prompt", ""))), List.of(),
                fields.bool("stream", false), options(fields), null);
        return ModelCall.generating(request, new ModelCall.Generation(fields.integer("max_tokens").orElse(0),
                Optional.empty(), false, includeUsage(fields), false, fields.string("suffix", "")));
    }

    /**
     * {@code POST /v1/embeddings}: {@code input} is a string or a list of strings; an empty string
     * is embedded (Ollama turns it into {@code [""]}), a missing or empty input is refused.
     */
    static ModelCall embed(JsonNode body) throws Wire.BadRequest {
        Fields fields = Fields.of(body, "EmbedRequest");
        String format = fields.string("encoding_format", "");
        // Ollama 0.12.7 added encoding_format, with this message (middleware/openai.go EmbeddingsMiddleware).
        if (!format.isEmpty() && !format.equalsIgnoreCase("float") && !format.equalsIgnoreCase("base64")) {
            throw new Wire.BadRequest("Invalid value for 'encoding_format' = " + format
                    + ". Supported values: ['float', 'base64'].");
        }
        JsonNode input = fields.raw("input");
        if (input.isMissingNode() || input.isArray() && input.isEmpty()) {
            throw new Wire.BadRequest("invalid input");
        }
        List<Message> inputs = new ArrayList<>();
        if (input.isTextual() && input.asText().isEmpty()) {
            inputs.add(Message.of("user", ""));
        }
        for (String text : OllamaRequests.inputs(input)) {
            inputs.add(Message.of("user", text));
        }
        ModelRequest request = new ModelRequest(0, Instant.EPOCH, "openai", "/v1/embeddings", "embed",
                fields.string("model", ""), inputs, List.of(), false, Map.of(), null);
        return ModelCall.embedding(request, new ModelCall.EmbeddingSettings(true,
                fields.integer("dimensions").orElse(0), format.equalsIgnoreCase("base64"), 0));
    }

    private static Message message(Fields m) throws Wire.BadRequest {
        StringBuilder text = new StringBuilder();
        List<String> images = new ArrayList<>();
        JsonNode content = m.raw("content");
        if (content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asText("");
                if (type.equals("image_url")) {
                    images.add(image(part.path("image_url")));
                } else if (type.equals("text") && part.path("text").isTextual()) {
                    text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText());
                } else {
                    throw new Wire.BadRequest("invalid message format");
                }
            }
        } else if (content.isTextual()) {
            text.append(content.asText());
        } else if (!m.has("tool_calls")) {
            // Content may only be left out when the message carries tool calls.
            throw new Wire.BadRequest("invalid message content type: " + switch (content.isMissingNode() ? "" : Fields.kind(content)) {
                case "" -> "<nil>";
                case "number" -> "float64";
                case "bool" -> "bool";
                default -> "map[string]interface {}";
            });
        }
        List<ToolCall> calls = new ArrayList<>();
        for (Fields call : m.objects("tool_calls", "openai.ToolCall")) {
            JsonNode arguments = call.node().path("function").path("arguments");
            if (!arguments.isTextual() || !isJsonObject(arguments.asText())) {
                throw new Wire.BadRequest("invalid tool call arguments");
            }
            calls.add(Wire.toolCall(call.node()));
        }
        return new Message(m.string("role", "user").toLowerCase(Locale.ROOT), text.toString(), images, calls);
    }

    private static boolean isJsonObject(String text) {
        try {
            return Wire.JSON.readTree(text).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /** An {@code image_url} part's data URL as raw base64; Ollama refuses web addresses and other types. */
    private static String image(JsonNode imageUrl) throws Wire.BadRequest {
        JsonNode url = imageUrl.isTextual() ? imageUrl : imageUrl.path("url");
        if (!url.isTextual()) {
            throw new Wire.BadRequest("invalid message format");
        }
        for (String prefix : IMAGE_PREFIXES) {
            if (url.asText().startsWith(prefix)) {
                String data = url.asText().substring(prefix.length());
                try {
                    Base64.getDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw new Wire.BadRequest("invalid message format");
                }
                return data;
            }
        }
        throw new Wire.BadRequest("invalid image input");
    }

    /** {@code reasoning_effort} (or {@code reasoning.effort}) as Ollama's {@code think}: "none" turns it off. */
    private static Optional<String> think(Fields fields) throws Wire.BadRequest {
        Optional<String> effort = fields.object("reasoning", "openai.Reasoning").string("effort")
                .or(() -> fields.raw("reasoning_effort").isTextual()
                        ? Optional.of(fields.raw("reasoning_effort").asText()) : Optional.empty());
        if (effort.isEmpty() || effort.get().isEmpty()) {
            return Optional.empty();
        }
        if (!List.of("high", "medium", "low", "none").contains(effort.get())) {
            throw new Wire.BadRequest("invalid reasoning value: '" + effort.get()
                    + "' (must be \"high\", \"medium\", \"low\", or \"none\")");
        }
        return Optional.of(effort.get().equals("none") ? "false" : effort.get());
    }

    private static boolean includeUsage(Fields fields) throws Wire.BadRequest {
        return fields.object("stream_options", "openai.StreamOptions").bool("include_usage", false);
    }

    private static Map<String, Object> options(Fields fields) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (String option : OPTIONS) {
            if (fields.has(option)) {
                options.put(option, Wire.toValue(fields.raw(option)));
            }
        }
        return options;
    }
}
