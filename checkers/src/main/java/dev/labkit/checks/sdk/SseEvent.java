package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;

/**
 * One server-sent event.
 *
 * @param event the event type ({@code message} when the server named none)
 * @param data the data lines joined with {@code \n}
 * @param id the last event id seen, or {@code ""}
 * @param arrivedAfter when it arrived, counted from the request
 */
public record SseEvent(String event, String data, String id, Duration arrivedAfter) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The data parsed as JSON; a learner-facing failure when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new AssertionError("the SSE event '" + event + "' should carry JSON data, got: "
                    + AppClient.shorten(data));
        }
    }
}
