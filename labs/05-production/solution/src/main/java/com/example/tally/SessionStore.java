package com.example.tally;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * Conversations in Redis, so that every replica sees every session: one list per session under
 * {@code tally:session:<id>}, one JSON {@link Turn} per element, the last {@value #TURNS} kept,
 * expiring {@link #TTL} after the last turn.
 *
 * <p>Redis failures surface as Jedis' {@link redis.clients.jedis.exceptions.JedisException}.
 */
final class SessionStore implements AutoCloseable {

    static final int TURNS = 10;
    static final Duration TTL = Duration.ofHours(24);
    private static final int TIMEOUT_MS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JedisPooled redis;

    SessionStore(URI redisUrl) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64); // a connection per concurrent request, at most
        pool.setMaxIdle(64); // kept open between bursts: no reconnecting under load
        pool.setMaxWait(Duration.ofSeconds(2));
        // After Redis restarts, the pooled connections are dead: test each one as it is borrowed (a PING), so the
        // first requests after a restart do not each fail on one of them.
        pool.setTestOnBorrow(true);
        this.redis = new JedisPooled(pool, redisUrl, TIMEOUT_MS, TIMEOUT_MS);
    }

    /** The session's turns, oldest first; empty for a new (or expired) session. */
    List<Turn> turns(String sessionId) {
        List<Turn> turns = new ArrayList<>();
        for (String json : redis.lrange(key(sessionId), 0, -1)) {
            try {
                turns.add(JSON.readValue(json, Turn.class));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("a stored turn is not JSON", e);
            }
        }
        return turns;
    }

    /** Appends a turn, keeps the last {@value #TURNS}, and renews the expiry, in one transaction. */
    void append(String sessionId, Turn turn) {
        String key = key(sessionId);
        try (AbstractTransaction tx = redis.multi()) {
            tx.rpush(key, JSON.writeValueAsString(turn));
            tx.ltrim(key, -TURNS, -1);
            tx.expire(key, TTL.toSeconds());
            tx.exec();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when Redis answers PING within a second. */
    boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String key(String sessionId) {
        return "tally:session:" + sessionId;
    }

    @Override
    public void close() {
        redis.close();
    }
}
