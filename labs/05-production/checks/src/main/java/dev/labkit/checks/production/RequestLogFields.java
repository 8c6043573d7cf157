package dev.labkit.checks.production;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's fields of a request's log line, checked: {@code timestamp} (an ISO-8601 string),
 * {@code level} and {@code message} (strings), {@code requestId} (the id answered), {@code route} (the
 * route template), {@code status} and {@code durationMs} (numbers).
 */
final class RequestLogFields {

    private RequestLogFields() {}

    /**
     * What is wrong with {@code line} as the request line of {@code requestId} (null: any non-blank id), one
     * sentence each; empty when it is right.
     */
    static List<String> problems(JsonLogLine line, String requestId, String route, int status) {
        List<String> problems = new ArrayList<>();
        if (!line.isJson()) {
            return List.of("it is not one JSON object");
        }
        JsonNode json = line.json();
        if (!json.path("timestamp").isTextual()) {
            problems.add("\"timestamp\" should be an ISO-8601 string, it is " + shown(json, "timestamp")
                    + (json.has("@timestamp") ? " (there is an \"@timestamp\": name the field \"timestamp\"; "
                    + "logstash-logback-encoder: <fieldNames><timestamp>timestamp</timestamp></fieldNames>)" : ""));
        } else if (!isoTimestamp(json.path("timestamp").asText())) {
            problems.add("\"timestamp\" should be an ISO-8601 date and time (e.g. 2026-05-01T10:15:30.123Z), it is "
                    + shown(json, "timestamp"));
        }
        for (String field : List.of("level", "message")) {
            if (!json.path(field).isTextual() || json.path(field).asText().isBlank()) {
                problems.add("\"" + field + "\" should be a non-empty string, it is " + shown(json, field));
            }
        }
        if (!json.path("requestId").isTextual() || json.path("requestId").asText().isBlank()
                || requestId != null && !json.path("requestId").asText().equals(requestId)) {
            problems.add("\"requestId\" should be " + (requestId == null ? "a string" : "\"" + requestId + "\"")
                    + " (the X-Request-Id answered), it is " + shown(json, "requestId"));
        }
        if (!json.path("route").isTextual() || !json.path("route").asText().equals(route)) {
            problems.add("\"route\" should be the route template \"" + route + "\", it is " + shown(json, "route"));
        }
        if (!json.path("status").isNumber() || json.path("status").asInt() != status) {
            problems.add("\"status\" should be the number " + status + ", it is " + shown(json, "status"));
        }
        if (!json.path("durationMs").isNumber() || json.path("durationMs").asDouble() < 0) {
            problems.add("\"durationMs\" should be a number of milliseconds, it is " + shown(json, "durationMs"));
        }
        return problems;
    }

    /** Whether {@code text} is an ISO-8601 date and time, with or without an offset or zone. */
    static boolean isoTimestamp(String text) {
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String shown(JsonNode json, String field) {
        return json.has(field) ? json.get(field).toString() : "missing";
    }
}
