package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.checks.sdk.ModelRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the lab model answers when no script rule matched: a deterministic, extractive answer made
 * of the request's own sentences, so that an app that sends the right context gets a sensible answer
 * offline, and a chat reads as a chat. The rules are in docs/lab-model.md ("The default answer").
 *
 * <ol>
 *   <li>{@link PromptReader} finds the question and the passages (sentences that may answer it) in
 *       the prompt layouts apps use: langchain4j, Spring AI, LangChain, LlamaIndex, Haystack, labelled
 *       or plain, context in the user or the system message, template boilerplate left out.
 *   <li>{@link SentenceRanker} scores each passage by meaning (in-process all-MiniLM-L6-v2 vectors),
 *       shared words and whom it is about, and keeps the best one or two above a threshold.
 *   <li>{@link Perspective} says them back as the model: the user's "I am Ana" is answered "You are
 *       Ana", the system prompt's "You are Sprout" is "I am Sprout". Nothing good enough: {@value
 *       #NO_ANSWER}
 *   <li>A request that asks for JSON ({@code format} in Ollama's API, {@code response_format} in
 *       OpenAI's) gets a JSON object: {@code {"answer": <answer>}}, or, for a JSON schema, every
 *       property filled by its type (strings with the answer, numbers 0, booleans false, arrays and
 *       objects empty).
 * </ol>
 * A request whose messages carry images is answered instead with an {@link ImageDescription} of the
 * last image (size, dominant colours, text read by OCR where installed): the lab model cannot see.
 *
 * The same request always gets the same answer: the embeddings are computed, not sampled.
 */
final class DefaultResponder {

    static final String NO_ANSWER = "I don't know based on the information I was given.";

    private final SentenceRanker ranker;

    DefaultResponder(SentenceVectors vectors) {
        this.ranker = new SentenceRanker(vectors);
    }

    /** The answer, shaped as the JSON the request asked for, if it asked for JSON. */
    String reply(ModelRequest request) {
        String answer = answer(request);
        Optional<Map<?, ?>> schema = jsonSchema(request.format());
        if (schema.isEmpty()) {
            return answer;
        }
        ObjectNode json = Wire.object();
        Object properties = schema.get().get("properties");
        if (properties instanceof Map<?, ?> fields && !fields.isEmpty()) {
            fields.forEach((name, field) -> {
                Object type = field instanceof Map<?, ?> f ? f.get("type") : null;
                String key = String.valueOf(name);
                if ("number".equals(type) || "integer".equals(type)) {
                    json.put(key, 0);
                } else if ("boolean".equals(type)) {
                    json.put(key, false);
                } else if ("array".equals(type)) {
                    json.putArray(key);
                } else if ("object".equals(type)) {
                    json.putObject(key);
                } else {
                    json.put(key, answer);
                }
            });
        } else {
            json.put("answer", answer);
        }
        return json.toString();
    }

    /**
     * The schema a format asks for: empty for plain text, an empty schema for "any JSON object".
     * Ollama: {@code "json"} or a schema; OpenAI: {@code {"type": "json_object"}} or {@code
     * {"type": "json_schema", "json_schema": {"schema": {...}}}}.
     */
    private static Optional<Map<?, ?>> jsonSchema(Object format) {
        if ("json".equals(format)) {
            return Optional.of(Map.of());
        }
        if (!(format instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Object type = map.get("type");
        if ("json_object".equals(type)) {
            return Optional.of(Map.of());
        }
        if ("json_schema".equals(type)) {
            Object wrapper = map.get("json_schema");
            Object schema = wrapper instanceof Map<?, ?> w ? w.get("schema") : null;
            return Optional.of(schema instanceof Map<?, ?> s ? s : Map.of());
        }
        return "text".equals(type) ? Optional.empty() : Optional.of(map);
    }

    String answer(ModelRequest request) {
        if (request.hasImages()) {
            List<String> images = request.messages().stream().flatMap(m -> m.images().stream()).toList();
            return ImageDescription.of(images.get(images.size() - 1));
        }
        List<Passage> chosen = ranker.answer(PromptReader.read(request));
        return chosen.isEmpty() ? NO_ANSWER : chosen.stream().map(Perspective::spoken).collect(Collectors.joining(" "));
    }
}
