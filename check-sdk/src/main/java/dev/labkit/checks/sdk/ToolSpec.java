package dev.labkit.checks.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tool the app declared to the model in a request.
 *
 * @param name the tool's name
 * @param description what the app told the model the tool does
 * @param parameters the JSON schema of its parameters, as a map
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {

    public ToolSpec {
        description = description == null ? "" : description;
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
