package dev.labkit.checks.sdk;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Parses a {@code text/event-stream} as the HTML standard defines it: {@code data:} with or
 * without a space, several data lines joined with newlines, {@code event:} anywhere within its
 * event, comments, {@code id:}, and CR, LF or CRLF line ends. An event is dispatched at a blank
 * line; a last event without one is dropped, as browsers do.
 */
final class SseReader {

    /** Called for each event with its type, data and last id. */
    interface Sink {
        void event(String type, String data, String id);
    }

    private SseReader() {}

    static void read(BufferedReader reader, Sink sink) throws IOException {
        StringBuilder data = new StringBuilder();
        String type = "";
        String lastId = "";
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    data.setLength(data.length() - 1);
                    sink.event(type.isEmpty() ? "message" : type, data.toString(), lastId);
                }
                data.setLength(0);
                type = "";
                continue;
            }
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
    }
}
