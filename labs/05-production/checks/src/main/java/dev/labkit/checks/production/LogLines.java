package dev.labkit.checks.production;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Lines an app printed (since a {@link LogWindow} mark), each read as a {@link JsonLogLine}. */
record LogLines(List<JsonLogLine> lines) {

    static LogLines of(List<String> raw) {
        return new LogLines(raw.stream().filter(line -> !line.isBlank()).map(JsonLogLine::parse).toList());
    }

    /**
     * The lines that are not one JSON object. A line the runner kept only the start of (longer than it keeps, e.g. a
     * stack trace in a JSON field; it ends in {@value #CUT_NOTE_START}...) cannot be judged and is not counted.
     */
    List<JsonLogLine> notJson() {
        return lines.stream().filter(line -> !line.isJson() && !line.raw().contains(CUT_NOTE_START)).toList();
    }

    /** How the runner ends a line it kept only the start of: {@code … (line cut: N more bytes)}. */
    static final String CUT_NOTE_START = "… (line cut: ";

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

    /**
     * A test for {@link LogWindow#await}: whether the request line of each of {@code ids} is there (a line with
     * that {@code requestId} and a {@code status}), or, for an empty id (the app answered none), any line with a
     * {@code route}.
     */
    static java.util.function.Predicate<List<String>> requestLinesOf(List<String> ids) {
        return raw -> {
            LogLines lines = of(raw);
            return ids.stream().allMatch(id -> id.isEmpty()
                    ? lines.lines().stream().anyMatch(line -> line.field("route").isPresent())
                    : lines.request(id).flatMap(line -> line.field("status")).isPresent());
        };
    }

    /** The request line of {@code id}, or for an empty id (the app answered none) the first line with a route. */
    Optional<JsonLogLine> requestOrAnyRoute(String id) {
        return id.isEmpty() ? lines.stream().filter(line -> line.field("route").isPresent()).findFirst()
                : request(id);
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
