package dev.labkit.checks.sdk;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Parses a {@code text/event-stream} as the HTML standard defines it
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * a leading byte order mark, {@code data:} with or without a space, several data lines joined
 * with newlines, {@code event:} anywhere within its event, comments, {@code id:}, and CR, LF or
 * CRLF line ends. An event is dispatched at a blank line; a last event without one is dropped, as
 * browsers do, and its lines are returned so that a check can say why it is missing.
 */
final class SseReader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** Called for each event with its type, data and last id. */
    interface Sink {
        void event(String type, String data, String id);
    }

    private SseReader() {}

    /**
     * Reads events until the stream ends.
     *
     * @return the lines of a last event that the stream ended in the middle of (not dispatched),
     *     joined with {@code \n}, or {@code ""} when the stream ended between events
     */
    static String read(BufferedReader reader, Sink sink) throws IOException {
        StringBuilder data = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        String type = "";
        String lastId = "";
        String line;
        boolean first = true;
        while ((line = reader.readLine()) != null) {
            if (first && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            first = false;
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    data.setLength(data.length() - 1);
                    sink.event(type.isEmpty() ? "message" : type, data.toString(), lastId);
                }
                data.setLength(0);
                pending.setLength(0);
                type = "";
                continue;
            }
            pending.append(pending.length() == 0 ? "" : "\n").append(line);
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data.append(value).append('\n');
                case "event" -> type = value;
                case "id" -> {
                    if (!value.contains("\0")) {
                        lastId = value;
                    }
                }
                default -> { } // retry and unknown fields are ignored
            }
        }
        return data.length() > 0 ? pending.toString() : "";
    }
}
