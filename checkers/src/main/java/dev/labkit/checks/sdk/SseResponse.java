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
        boolean complete,
        Duration elapsed) {

    public SseResponse {
        events = List.copyOf(events);
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
