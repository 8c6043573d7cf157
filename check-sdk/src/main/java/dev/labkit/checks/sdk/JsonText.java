package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/**
 * How the SDK reads JSON an app sent: strictly. Text after the JSON value (another value run on
 * after it) is not JSON, though Jackson would ignore it by default.
 */
final class JsonText {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {}

    /**
     * The one JSON value of {@code text}; a missing node when {@code text} is empty or blank.
     *
     * @throws IOException when {@code text} is not one JSON value
     */
    static JsonNode read(String text) throws IOException {
        JsonNode node = STRICT.readTree(text);
        return node == null ? MissingNode.getInstance() : node;
    }

    /** Whether {@code text} is one JSON value, read as {@link #read} reads it. */
    static boolean is(String text) {
        try {
            return !read(text).isMissingNode();
        } catch (IOException e) {
            return false;
        }
    }
}
