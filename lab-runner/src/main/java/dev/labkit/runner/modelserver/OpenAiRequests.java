package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads OpenAI API request bodies into normalised {@link ModelRequest}s. */
final class OpenAiRequests {

    private static final String DATA_URL_BASE64 = ";base64,";

    private OpenAiRequests() {}

    /** {@code POST /v1/chat/completions}: content may be a string or a list of text and image parts. */
    static ModelRequest chat(JsonNode body, int number, Instant at) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            StringBuilder text = new StringBuilder();
            List<String> images = new ArrayList<>();
            JsonNode content = m.path("content");
            if (content.isArray()) {
                for (JsonNode part : content) {
                    if ("image_url".equals(part.path("type").asText())) {
                        // {"url": ...} as OpenAI documents it, or the URL alone, which Ollama accepts too
                        JsonNode image = part.path("image_url");
                        String url = image.isTextual() ? image.asText() : image.path("url").asText();
                        int base64 = url.indexOf(DATA_URL_BASE64);
                        images.add(base64 >= 0 ? url.substring(base64 + DATA_URL_BASE64.length()) : url);
                    } else {
                        text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText(""));
                    }
                }
            } else {
                text.append(content.asText(""));
            }
            List<ToolCall> calls = new ArrayList<>();
            m.path("tool_calls").forEach(call -> calls.add(Wire.toolCall(call)));
            messages.add(new Message(m.path("role").asText("user"), text.toString(), images, calls));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (String option : List.of("temperature", "top_p", "seed", "max_tokens", "max_completion_tokens",
                "presence_penalty", "frequency_penalty", "stop")) {
            if (body.hasNonNull(option)) {
                options.put(option, Wire.toValue(body.get(option)));
            }
        }
        return new ModelRequest(number, at, "openai", "/v1/chat/completions", "chat", body.path("model").asText(null),
                messages, OllamaRequests.tools(body.path("tools")), body.path("stream").asBoolean(false), options,
                Wire.toValue(body.get("response_format")));
    }

    /** {@code POST /v1/embeddings}: {@code input} is a string or a list of strings. */
    static ModelRequest embed(JsonNode body, int number, Instant at) {
        List<Message> inputs = new ArrayList<>();
        JsonNode input = body.path("input");
        if (input.isArray()) {
            input.forEach(i -> inputs.add(Message.of("user", i.asText())));
        } else if (!input.isMissingNode()) {
            inputs.add(Message.of("user", input.asText()));
        }
        return new ModelRequest(number, at, "openai", "/v1/embeddings", "embed", body.path("model").asText(null),
                inputs, List.of(), false, Map.of(), null);
    }
}
