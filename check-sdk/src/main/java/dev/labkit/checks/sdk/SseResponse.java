package dev.labkit.checks.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's answer to a streaming request.
 *
 * @param request what was sent, e.g. {@code POST /api/chat/stream}
 * @param status the HTTP status
 * @param headers response headers (names lower-case)
 * @param events the server-sent events in arrival order (empty when the answer was not a stream)
 * @param body the body text when the answer was not {@code text/event-stream} (e.g. a JSON error)
 * @param unended the lines of a last event that the stream ended in the middle of, without the
 *     blank line that ends an event (so it was not dispatched, as browsers drop it), or {@code ""}
 * @param received the start of the body exactly as it was received (line ends and all; up to
 *     {@value #RECEIVED_LIMIT} bytes, decoded as UTF-8), to show what the app sent when it could not
 *     be read: see {@link Received#preview}
 * @param complete false when the deadline cut the stream off
 * @param elapsed from sending the request to the end of the stream
 */
public record SseResponse(
        String request,
        int status,
        Map<String, List<String>> headers,
        List<SseEvent> events,
        String body,
        String unended,
        String received,
        boolean complete,
        Duration elapsed) {

    /** How many bytes of the body {@link #received()} keeps. */
    public static final int RECEIVED_LIMIT = 4096;

    public SseResponse {
        events = List.copyOf(events);
    }

    /**
     * Which rule of the event-stream format the answer broke so that its events cannot be read as
     * sent, in words for the learner, or empty when none is seen: no body; no event ended by a blank
     * line; data lines of several events run together into one event (each event ends with a blank
     * line); no {@code data:} line at all.
     */
    public Optional<String> brokenRule() {
        if (received.isEmpty()) {
            return Optional.of("the response had no body: an event stream sends its events in the body");
        }
        if (!received.contains("data:")) {
            return Optional.of("no line starts with \"data:\": each event's data goes on lines that start with "
                    + "\"data:\"");
        }
        if (events.isEmpty() && !unended.isEmpty()) {
            return Optional.of("no event was ended: each event ends with a blank line (two line ends in a row), "
                    + "the last one too");
        }
        for (SseEvent event : events) {
            long values = SseEvent.jsonValuesPerLine(event.data());
            if (values > 1) {
                return Optional.of("the data lines of " + values + " events ran together into one event: each "
                        + "event ends with a blank line (two line ends in a row), not a single line end");
            }
        }
        if (!unended.isEmpty()) {
            return Optional.of("the stream ended in the middle of an event: each event ends with a blank line, "
                    + "the last one too");
        }
        return Optional.empty();
    }

    /**
     * What the app sent and, when one is seen, the rule it broke, for a failure message: e.g.
     * {@code received: data: {"delta":"a"}\ndata: ... (each event ends with a blank line ...)}.
     */
    public String describeReceived() {
        return "received: " + Received.preview(received) + brokenRule().map(rule -> "\n  rule broken: " + rule)
                .orElse("");
    }

    /** The first value of a header (name in any case), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The events of one type ({@code message} for events without an {@code event:} line). */
    public List<SseEvent> events(String type) {
        return events.stream().filter(e -> e.event().equals(type)).toList();
    }

    /** Whether the {@code Content-Type} is {@code text/event-stream}, in any case and with any parameters. */
    public boolean isEventStream() {
        return MediaType.is(header("content-type"), "text/event-stream");
    }
}
