package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Log lines as an app writes them with logstash-logback-encoder 8.1 (the brief's suggestion), read by {@link
 * JsonLogLine}, {@link LogLines} and checked by {@link RequestLogFields}.
 */
class JsonLogLineTests {

    /** What a logger writes through a LogstashEncoder ({@code timestamp} renamed as the brief asks, or not). */
    private static List<String> logged(boolean renameTimestamp, Consumer<org.slf4j.Logger> logging) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        if (renameTimestamp) {
            encoder.getFieldNames().setTimestamp("timestamp");
        }
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("com.example.tally.Requests" + System.nanoTime());
        logger.setAdditive(false);
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        try {
            logging.accept(logger);
        } finally {
            appender.stop();
            MDC.clear();
        }
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static void requestLine(org.slf4j.Logger log, String id, int status) {
        MDC.put("requestId", id);
        log.debug("message text: {}", "Zq12345 my salary");
        log.info("POST /api/chat {}", status, StructuredArguments.kv("route", "/api/chat"),
                StructuredArguments.kv("status", status), StructuredArguments.kv("durationMs", 12));
        MDC.remove("requestId");
    }

    @Test
    void aRequestLineOfLogstashLogbackEncoderHasTheBriefsFields() {
        LogLines lines = LogLines.of(logged(true, log -> requestLine(log, "req-1", 200)));

        assertThat(lines.notJson()).isEmpty();
        JsonLogLine request = lines.lines().stream().filter(l -> l.level().equals("INFO")).findFirst().orElseThrow();
        assertThat(lines.request("req-1")).contains(request); // not the DEBUG line, which has the id too (MDC)
        assertThat(RequestLogFields.problems(request, "req-1", "/api/chat", 200)).isEmpty();
        assertThat(RequestLogFields.problems(request, null, "/api/chat", 200)).isEmpty();
        assertThat(request.text("timestamp")).hasValueSatisfying(t -> assertThat(RequestLogFields.isoTimestamp(t))
                .isTrue());
    }

    @Test
    void theMessageTextAtDebugIsAllowedAtInfoItIsNot() {
        LogLines lines = LogLines.of(logged(true, log -> {
            requestLine(log, "req-2", 200);
            log.info("user said {}", "Zq12345 my salary");
        }));

        List<JsonLogLine> withText = lines.containing("Zq12345");
        assertThat(withText).hasSize(2);
        assertThat(withText).filteredOn(JsonLogLine::atInfoOrAbove).singleElement()
                .satisfies(l -> assertThat(l.level()).isEqualTo("INFO"));
    }

    @Test
    void logstashsOwnTimestampNameIsReportedWithTheFix() {
        JsonLogLine line = LogLines.of(logged(false, log -> requestLine(log, "req-3", 429))).request("req-3")
                .orElseThrow();

        assertThat(RequestLogFields.problems(line, "req-3", "/api/chat", 429)).singleElement().asString()
                .contains("\"@timestamp\"").contains("<fieldNames><timestamp>timestamp</timestamp></fieldNames>");
    }

    @Test
    void wrongTypesAndValuesAreEachNamed() {
        JsonLogLine line = JsonLogLine.parse("{\"timestamp\":\"yesterday\",\"level\":\"INFO\",\"message\":\"\","
                + "\"requestId\":\"other\",\"route\":\"/api/chat/s1\",\"status\":\"200\"}");

        assertThat(RequestLogFields.problems(line, "req-4", "/api/chat", 200)).hasSize(6)
                .anySatisfy(p -> assertThat(p).startsWith("\"timestamp\" should be an ISO-8601 date"))
                .anySatisfy(p -> assertThat(p).startsWith("\"message\" should be a non-empty string"))
                .anySatisfy(p -> assertThat(p).contains("\"requestId\" should be \"req-4\""))
                .anySatisfy(p -> assertThat(p).contains("route template \"/api/chat\", it is \"/api/chat/s1\""))
                .anySatisfy(p -> assertThat(p).contains("\"status\" should be the number 200, it is \"200\""))
                .anySatisfy(p -> assertThat(p).contains("\"durationMs\" should be a number of milliseconds, it is "
                        + "missing"));
    }

    @Test
    void linesThatAreNotOneJsonObjectAreFound() {
        LogLines lines = LogLines.of(List.of("2026-05-01 INFO Started Tally", "{\"level\":\"INFO\"} {}", "[1,2]",
                "{\"level\":\"debug\",\"message\":\"x\"}", "  "));

        assertThat(lines.lines()).hasSize(4);
        assertThat(lines.notJson()).extracting(JsonLogLine::raw)
                .containsExactly("2026-05-01 INFO Started Tally", "{\"level\":\"INFO\"} {}", "[1,2]");
        assertThat(lines.notJson().get(0).atInfoOrAbove()).isTrue();
        assertThat(lines.lines().get(3).atInfoOrAbove()).isFalse();
        assertThat(lines.show(2)).contains("Started Tally").contains("(4 lines in all)");
    }

    @Test
    void isoTimestampsWithOrWithoutOffsetsAreAccepted() {
        assertThat(RequestLogFields.isoTimestamp("2026-05-01T10:15:30.123Z")).isTrue();
        assertThat(RequestLogFields.isoTimestamp("2026-05-01T10:15:30.123+02:00")).isTrue();
        assertThat(RequestLogFields.isoTimestamp("2026-05-01T10:15:30")).isTrue();
        assertThat(RequestLogFields.isoTimestamp("1714558530123")).isFalse();
        assertThat(RequestLogFields.isoTimestamp("2026-05-01 10:15:30")).isFalse();
    }

    /** A JSON line longer than the runner keeps ends in its cut note: it cannot be judged, so it is not counted. */
    @Test
    void aLineTheRunnerCutIsNotCountedAsNotJson() {
        LogLines lines = LogLines.of(List.of("{\"level\":\"ERROR\",\"stack_trace\":\"java.lang.Ill… (line cut: 2345 more bytes)",
                "not json"));

        assertThat(lines.notJson()).extracting(JsonLogLine::raw).containsExactly("not json");
    }
}
