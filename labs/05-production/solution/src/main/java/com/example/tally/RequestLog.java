package com.example.tally;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every request leaves behind: its id on the response and in the log's context, one
 * observation of {@code http_server_request_duration_seconds}, and, for {@code /api} routes, one
 * JSON log line with {@code requestId}, {@code route}, {@code status} and {@code durationMs}.
 */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final String REQUEST_ID = "requestId";

    private final Metrics metrics;

    RequestLog(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Before anything else: the request's id, echoed or made, on the response and in the MDC. */
    void begin(Context ctx) {
        String id = RequestIds.accept(ctx.header(RequestIds.HEADER));
        ctx.attribute(REQUEST_ID, id);
        ctx.header(RequestIds.HEADER, id);
        MDC.put(REQUEST_ID, id); // on every line written while serving the request
    }

    /** After the response is written (Javalin's request logger): metrics and the log line. */
    void end(Context ctx, Float millis) {
        try {
            String route = route(ctx);
            int status = ctx.statusCode();
            metrics.httpRequest(ctx.method().name(), route, status, millis / 1000.0);
            if (ctx.path().startsWith("/api/")) {
                MDC.put(REQUEST_ID, ctx.attribute(REQUEST_ID));
                MDC.put("route", route);
                String format = "{} {} answered {} in {} ms";
                Object[] args = {ctx.method().name(), route, v("status", status), v("durationMs", Math.round(millis))};
                if (status >= 500) {
                    LOG.warn(format, args);
                } else {
                    LOG.info(format, args);
                }
            }
        } finally {
            MDC.clear(); // the thread serves other requests next
        }
    }

    /** The route template that matched (e.g. {@code /api/chat}); {@code unmatched} when none did (a 404). */
    private static String route(Context ctx) {
        // Javalin leaves an unmatched request in its BEFORE phase, where it has no endpoint path.
        return ctx.handlerType() == HandlerType.BEFORE ? "unmatched" : ctx.endpointHandlerPath();
    }
}
