package dev.labkit.checks.production;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One line an app printed, read as the contract's JSON log line: one JSON object per line (as
 * logstash-logback-encoder or any JSON layout writes it), e.g. {@code {"@timestamp":"...","level":"INFO",
 * "message":"POST /api/chat 200","requestId":"abc","route":"/api/chat","status":200,"durationMs":12}}.
 *
 * @param raw the line as printed
 * @param json the object, or null when the line is not one JSON object
 */
record JsonLogLine(String raw, JsonNode json) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Levels below INFO: the only ones that may carry the user's text. */
    private static final Set<String> BELOW_INFO = Set.of("DEBUG", "TRACE", "FINE", "FINER", "FINEST");

    static JsonLogLine parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new JsonLogLine(line, node != null && node.isObject() ? node : null);
        } catch (JsonProcessingException e) {
            return new JsonLogLine(line, null);
        }
    }

    boolean isJson() {
        return json != null;
    }

    /** A field's text when it is a JSON string. */
    Optional<String> text(String field) {
        return isJson() && json.path(field).isTextual() ? Optional.of(json.path(field).asText()) : Optional.empty();
    }

    /** A field, if the line is JSON and has it. */
    Optional<JsonNode> field(String field) {
        return isJson() && json.has(field) ? Optional.of(json.get(field)) : Optional.empty();
    }

    /**
     * The {@code level} field, upper-case; {@code ""} when there is none (then the line counts as INFO or above:
     * it is printed whatever level is enabled).
     */
    String level() {
        return text("level").map(l -> l.strip().toUpperCase(Locale.ROOT)).orElse("");
    }

    /** Whether the line is at INFO or above (anything but DEBUG and TRACE, a line without a level too). */
    boolean atInfoOrAbove() {
        return !BELOW_INFO.contains(level());
    }

    /** Whether its {@code requestId} is {@code id}. */
    boolean hasRequestId(String id) {
        return text("requestId").filter(id::equals).isPresent();
    }
}
