package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import dev.labkit.checks.sdk.ToolSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ollama API request bodies into {@link ModelCall}s, with the types and defaults of Ollama
 * 0.12.6's Go structs (api/types.go): a field of the wrong type is a 400 with Go's message.
 */
final class OllamaRequests {

    /** Go's duration syntax ({@code time.ParseDuration}): {@code 0}, or numbers with units, e.g. {@code 1h30m}. */
    private static final Pattern GO_DURATION = Pattern.compile("[-+]?(0|((\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+)");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]*");

    private OllamaRequests() {}

    /** {@code POST /api/chat}. Ollama streams unless {@code "stream": false}. */
    static ModelCall chat(JsonNode body) throws Wire.BadRequest {
        Fields fields = Fields.of(body, "ChatRequest");
        List<Message> messages = new ArrayList<>();
        for (Fields m : fields.objects("messages", "api.Message")) {
            List<ToolCall> calls = new ArrayList<>();
            for (Fields call : m.objects("tool_calls", "api.ToolCall")) {
                calls.add(Wire.toolCall(call.node()));
            }
            // Ollama lower-cases the role (api.Message.UnmarshalJSON).
            addMergingImageParts(messages, new Message(m.string("role", "user").toLowerCase(Locale.ROOT),
                    m.string("content", ""), images(m), calls));
        }
        ModelRequest request = new ModelRequest(0, Instant.EPOCH, "ollama", "/api/chat", "chat", fields.string("model", ""),
                messages, tools(fields), fields.bool("stream", true), Wire.toMap(options(fields).node()),
                Wire.toValue(fields.raw("format")));
        return ModelCall.generating(request, new ModelCall.Generation(maxTokens(fields), think(fields),
                keepAliveZero(fields), false, false, ""));
    }

    /**
     * LangChain JS (ChatOllama) sends the image parts of a user turn as a user message of their own,
     * with no text, right after the turn's text, as Ollama itself splits OpenAI content parts. Such a
     * message joins the one before it, so that a turn's question and images stay one message, as
     * they are recorded from {@code /v1}. (From the client-matrix branch, kept here with this reader.)
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
    static ModelCall generate(JsonNode body) throws Wire.BadRequest {
        Fields fields = Fields.of(body, "GenerateRequest");
        String system = fields.string("system", "");
        List<Message> messages = new ArrayList<>();
        if (!system.isEmpty()) {
            messages.add(Message.of("system", system));
        }
        messages.add(new Message("user", fields.string("prompt", ""), images(fields), List.of()));
        boolean raw = fields.bool("raw", false);
        List<JsonNode> context = fields.array("context", "[]int");
        if (raw && (!fields.string("template", "").isEmpty() || !system.isEmpty() || !context.isEmpty())) {
            throw new Wire.BadRequest("raw mode does not support template, system, or context");
        }
        ModelRequest request = new ModelRequest(0, Instant.EPOCH, "ollama", "/api/generate", "generate",
                fields.string("model", ""), messages, List.of(), fields.bool("stream", true),
                Wire.toMap(options(fields).node()), Wire.toValue(fields.raw("format")));
        return ModelCall.generating(request, new ModelCall.Generation(maxTokens(fields), think(fields),
                keepAliveZero(fields), false, raw, fields.string("suffix", "")));
    }

    /**
     * {@code POST /api/embed} ({@code input}: a string or a list of strings) and the legacy {@code
     * /api/embeddings} ({@code prompt}). An empty string input, a missing input or an empty prompt
     * embeds nothing (Ollama loads the model and answers no vector); an empty string inside a list is
     * embedded.
     */
    static ModelCall embed(JsonNode body, String endpoint) throws Wire.BadRequest {
        boolean legacy = endpoint.equals("/api/embeddings");
        Fields fields = Fields.of(body, legacy ? "EmbeddingRequest" : "EmbedRequest");
        List<Message> inputs = new ArrayList<>();
        if (legacy) {
            fields.string("prompt").filter(p -> !p.isEmpty()).ifPresent(p -> inputs.add(Message.of("user", p)));
        } else {
            for (String input : inputs(fields.raw("input"))) {
                inputs.add(Message.of("user", input));
            }
        }
        Fields options = options(fields);
        ModelRequest request = new ModelRequest(0, Instant.EPOCH, "ollama", endpoint, "embed", fields.string("model", ""),
                inputs, List.of(), false, Wire.toMap(options.node()), null);
        keepAliveZero(fields);
        return ModelCall.embedding(request, new ModelCall.EmbeddingSettings(fields.bool("truncate", true),
                legacy ? 0 : fields.integer("dimensions").orElse(0), false, options.integer("num_ctx").orElse(0)));
    }

    /** {@code /api/embed}'s {@code input} as Ollama reads it (server/routes.go {@code EmbedHandler}). */
    static List<String> inputs(JsonNode input) throws Wire.BadRequest {
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            if (!input.asText().isEmpty()) {
                texts.add(input.asText());
            }
        } else if (input.isArray()) {
            for (JsonNode text : input) {
                if (!text.isTextual()) {
                    throw new Wire.BadRequest("invalid input type");
                }
                texts.add(text.asText());
            }
        } else if (!input.isMissingNode() && !input.isNull()) {
            throw new Wire.BadRequest("invalid input type");
        }
        return texts;
    }

    static List<ToolSpec> tools(Fields fields) throws Wire.BadRequest {
        List<ToolSpec> specs = new ArrayList<>();
        for (JsonNode tool : fields.array("tools", "api.Tools")) {
            JsonNode function = tool.path("function");
            specs.add(new ToolSpec(function.path("name").asText(), function.path("description").asText(""),
                    Wire.toMap(function.path("parameters"))));
        }
        return specs;
    }

    private static Fields options(Fields fields) throws Wire.BadRequest {
        return fields.object("options", "map[string]interface {}");
    }

    /** {@code options.num_predict}; Ollama's own message for a value of another type (api.Options.FromMap). */
    private static int maxTokens(Fields fields) throws Wire.BadRequest {
        JsonNode limit = options(fields).raw("num_predict");
        if (limit.isMissingNode()) {
            return 0;
        }
        if (!limit.isNumber()) {
            throw new Wire.BadRequest("option \"num_predict\" must be of type integer");
        }
        return limit.asInt();
    }

    /**
     * {@code think}: a boolean or a level, "high", "medium" or "low" (api.ThinkValue.UnmarshalJSON,
     * with its messages).
     */
    private static Optional<String> think(Fields fields) throws Wire.BadRequest {
        JsonNode think = fields.raw("think");
        if (think.isMissingNode()) {
            return Optional.empty();
        }
        if (think.isBoolean()) {
            return Optional.of(String.valueOf(think.asBoolean()));
        }
        if (think.isTextual()) {
            if (!List.of("high", "medium", "low").contains(think.asText())) {
                throw new Wire.BadRequest("invalid think value: \"" + think.asText()
                        + "\" (must be \"high\", \"medium\", \"low\", true, or false)");
            }
            return Optional.of(think.asText());
        }
        throw new Wire.BadRequest("think must be a boolean or string (\"high\", \"medium\", \"low\", true, or false)");
    }

    /**
     * Whether {@code keep_alive} is zero: a number of seconds, or a Go duration string such as
     * {@code "0"} or {@code "0s"} (api.Duration.UnmarshalJSON, with its messages).
     */
    private static boolean keepAliveZero(Fields fields) throws Wire.BadRequest {
        JsonNode keepAlive = fields.raw("keep_alive");
        if (keepAlive.isMissingNode()) {
            return false;
        }
        if (keepAlive.isNumber()) {
            return keepAlive.asDouble() == 0;
        }
        if (!keepAlive.isTextual()) {
            throw new Wire.BadRequest("Unsupported type: '" + goType(keepAlive) + "'");
        }
        String text = keepAlive.asText();
        if (!GO_DURATION.matcher(text).matches()) {
            throw new Wire.BadRequest(text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)")
                    ? "time: missing unit in duration \"" + text + "\"" : "time: invalid duration \"" + text + "\"");
        }
        Matcher part = DURATION_PART.matcher(text);
        while (part.find()) {
            if (Double.parseDouble(part.group(1)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The Go type {@code encoding/json} decodes a value into when the target is {@code any}. */
    private static String goType(JsonNode value) {
        return switch (Fields.kind(value)) {
            case "bool" -> "bool";
            case "array" -> "[]interface {}";
            default -> "map[string]interface {}";
        };
    }

    /** A message's (or a generate request's) {@code images}: base64 strings, as Go's {@code []byte} reads them. */
    private static List<String> images(Fields fields) throws Wire.BadRequest {
        List<String> images = fields.strings("images", "[]api.ImageData", "api.ImageData");
        for (String image : images) {
            Matcher valid = BASE64.matcher(image);
            if (!valid.matches()) {
                valid.reset();
                valid.lookingAt();
                throw new Wire.BadRequest("illegal base64 data at input byte " + valid.end());
            }
        }
        return images;
    }
}
