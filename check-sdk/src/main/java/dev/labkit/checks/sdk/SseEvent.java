package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.JsonNode;
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

    /**
     * The data parsed as JSON; a learner-facing failure when it is not JSON, showing the data as
     * received (escaped) and the rule broken.
     */
    public JsonNode json() {
        try {
            JsonNode node = JsonText.read(data);
            if (node == null || node.isMissingNode()) {
                throw new AssertionError("the SSE event '" + event + "' has empty data: data: must hold JSON");
            }
            return node;
        } catch (IOException e) {
            long values = jsonValuesPerLine(data);
            throw new AssertionError("the SSE event '" + event + "' should carry JSON in its data (data: must "
                    + "hold JSON), got: " + Received.preview(data) + (values > 1 ? "\n  its data lines hold "
                    + values + " JSON values: events ran together; each event ends with a blank line (two line "
                    + "ends in a row), not a single line end" : ""));
        }
    }

    /**
     * How many data lines are each a whole JSON object on their own, when there are several lines and
     * all are (the sign of events whose ending blank line is missing); else 0.
     */
    static long jsonValuesPerLine(String data) {
        String[] lines = data.split("\n", -1);
        if (lines.length < 2) {
            return 0;
        }
        for (String line : lines) {
            try {
                JsonNode node = JsonText.read(line);
                if (node == null || !node.isObject()) {
                    return 0;
                }
            } catch (IOException e) {
                return 0;
            }
        }
        return lines.length;
    }
}
