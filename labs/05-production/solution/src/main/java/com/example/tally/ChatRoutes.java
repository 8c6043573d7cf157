package com.example.tally;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/** The chat API, {@code POST /api/chat}, and the rate limit in front of every {@code /api} route. */
final class ChatRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ChatRoutes.class);

    private final Tally tally;
    private final ResilientModel model;
    private final RateLimits limits;

    ChatRoutes(Tally tally, ResilientModel model, RateLimits limits) {
        this.tally = tally;
        this.model = model;
        this.limits = limits;
    }

    /** {@code {"sessionId","message"}} -> {@code {"sessionId","reply"}}, or an error status (see the brief). */
    void chat(Context ctx) {
        ChatBody body;
        try {
            body = ChatBody.parse(ctx.body());
        } catch (ChatBody.Invalid e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        // The user's words are theirs: only at DEBUG, off unless LOG_LEVEL=DEBUG.
        LOG.debug("chat message {} {}", kv("sessionId", body.sessionId()), kv("text", body.message()));
        try {
            String reply = tally.chat(body.sessionId(), body.message());
            LOG.debug("chat reply {} {}", kv("sessionId", body.sessionId()), kv("text", reply));
            ctx.json(Map.of("sessionId", body.sessionId(), "reply", reply));
        } catch (CallNotPermittedException e) {
            ctx.header("Retry-After", Long.toString(model.secondsUntilTrial()));
            error(ctx, 503, "Tally's model is resting after repeated failures. Please try again shortly.");
        } catch (ModelFailure e) {
            LOG.warn("model call failed {}", kv("errorType", e.errorType()));
            if (e.kind() == ModelFailure.Kind.TIMEOUT) {
                error(ctx, 504, "Tally's model took too long to answer. Please try again.");
            } else {
                error(ctx, 502, "Tally's model is unavailable right now. Please try again in a moment.");
            }
        } catch (JedisException e) {
            LOG.warn("session store failed {}", kv("errorType", e.getClass().getName()));
            error(ctx, 503, "Tally cannot reach its conversation store right now. Please try again shortly.");
        }
    }

    /**
     * {@code handler} behind the client's token bucket: the client is {@code X-Client-Id}, else its
     * IP address; over the limit it answers 429 with {@code Retry-After} at once.
     */
    Handler rateLimited(Handler handler) {
        return ctx -> {
            String client = ctx.header("X-Client-Id");
            OptionalLong wait = limits.tryAcquire(client == null || client.isBlank() ? "ip:" + ctx.ip() : "id:" + client);
            if (wait.isPresent()) {
                ctx.header("Retry-After", Long.toString(wait.getAsLong()));
                error(ctx, 429, "Too many requests: please slow down and retry after " + wait.getAsLong() + " s.");
                return;
            }
            handler.handle(ctx);
        };
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
