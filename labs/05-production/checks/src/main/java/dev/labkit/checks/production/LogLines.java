package dev.labkit.checks.production;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Lines an app printed (since a {@link LogWindow} mark), each read as a {@link JsonLogLine}. */
record LogLines(List<JsonLogLine> lines) {

    static LogLines of(List<String> raw) {
        return new LogLines(raw.stream().filter(line -> !line.isBlank()).map(JsonLogLine::parse).toList());
    }

    /** The lines that are not one JSON object. */
    List<JsonLogLine> notJson() {
        return lines.stream().filter(line -> !line.isJson()).toList();
    }

    /**
     * The request's own line among those whose {@code requestId} is {@code id} (an app's MDC puts the id on every
     * line it writes while serving the request): the one with most of {@code route}, {@code status} and {@code
     * durationMs}, the last of those.
     */
    Optional<JsonLogLine> request(String id) {
        JsonLogLine best = null;
        for (JsonLogLine line : lines) {
            if (line.hasRequestId(id) && (best == null || requestFields(line) >= requestFields(best))) {
                best = line;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int requestFields(JsonLogLine line) {
        return (int) java.util.stream.Stream.of("route", "status", "durationMs")
                .filter(field -> line.field(field).isPresent()).count();
    }

    /** The lines whose raw text contains {@code text}. */
    List<JsonLogLine> containing(String text) {
        return lines.stream().filter(line -> line.raw().contains(text)).toList();
    }

    /** Up to {@code max} lines, one per row and each cut to 300 characters, for messages. */
    String show(int max) {
        if (lines.isEmpty()) {
            return "(the app printed nothing)";
        }
        return lines.stream().limit(max).map(line -> "  " + dev.labkit.checks.sdk.AppClient.shorten(line.raw()))
                .collect(Collectors.joining("\n", "\n", lines.size() > max ? "\n  … (" + lines.size()
                        + " lines in all)" : ""));
    }
}
