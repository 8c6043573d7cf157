package dev.labkit.checks.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool call: asked for by the model, or scripted by a check for the model to ask for.
 *
 * @param name the tool's name
 * @param arguments the arguments as a JSON object (values are strings, numbers, booleans, lists or
 *     maps)
 */
public record ToolCall(String name, Map<String, Object> arguments) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        // JSON values may be null, which Map.copyOf refuses; keep the order the model sent.
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
