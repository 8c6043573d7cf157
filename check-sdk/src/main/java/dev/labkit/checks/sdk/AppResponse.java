package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer of the learner's app.
 *
 * @param request what was sent, e.g. {@code POST /api/chat}, for messages
 * @param status the HTTP status
 * @param headers the response headers (names lower-case)
 * @param body the body as text
 * @param elapsed how long the app took to answer completely
 */
public record AppResponse(String request, int status, Map<String, List<String>> headers, String body, Duration elapsed) {

    /** The first value of a header (name in any case), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Whether the answer's {@code Content-Type} is {@code mediaType} (e.g. {@code text/html}), in
     * any case and with any parameters ({@code ; charset=utf-8}).
     */
    public boolean hasMediaType(String mediaType) {
        return MediaType.is(header("content-type"), mediaType);
    }

    /** The body parsed as JSON; a learner-facing assertion failure when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode node = JsonText.read(body);
            if (node == null || node.isMissingNode()) {
                throw new AssertionError(request + " answered " + status + " with an empty body, expected JSON");
            }
            return node;
        } catch (IOException e) {
            throw new AssertionError(request + " answered " + status + " with a body that is not JSON (the body "
                    + "must be JSON, here a JSON object), received: " + Received.preview(body));
        }
    }

    /** The text of a JSON string field, or a learner-facing failure naming the field. */
    public String text(String field) {
        JsonNode node = json();
        if (!node.isObject()) {
            throw new AssertionError(request + " answered " + status + " with JSON that is not an object (the "
                    + "body must be a JSON object with a string field \"" + field + "\"), received: "
                    + Received.preview(body));
        }
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new AssertionError(request + " should answer JSON with a string field \"" + field + "\", got: "
                    + AppClient.shorten(body));
        }
        return value.asText();
    }

    @Override
    public String toString() {
        return request + " -> " + status + " " + AppClient.shorten(body);
    }
}
