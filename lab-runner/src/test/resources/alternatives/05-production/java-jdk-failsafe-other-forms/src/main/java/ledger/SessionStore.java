package ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Conversations in Redis, one JSON string per session: key {@code tally:conversation:<sessionId>}, value
 * {@code [{"user": "...", "assistant": "..."}, ...]} (the last 10 turns, oldest first), written with
 * {@code SET ... EX 7200} (https://redis.io/docs/latest/commands/set/) so that a conversation left alone for 2
 * hours is forgotten. One Lettuce connection (thread-safe, pipelined) serves every request; it is opened on first
 * use, so the app starts without Redis, and reconnects by itself every 250 ms while Redis is away.
 */
final class SessionStore implements AutoCloseable {

    static final int KEPT_TURNS = 10;
    static final long EXPIRY_SECONDS = 7200;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final ObjectMapper json;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    SessionStore(String redisUrl, ObjectMapper json) {
        this.json = json;
        // No command latency statistics (Lettuce keeps them when HdrHistogram is on the class path): nothing reads them.
        this.resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(250)))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled()).build();
        this.client = RedisClient.create(resources, RedisURI.create(redisUrl));
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    /** The session's kept turns, oldest first; none for a new session. */
    List<Turn> turns(String sessionId) {
        String stored = connection().sync().get(key(sessionId));
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored, new TypeReference<List<Turn>>() {});
        } catch (IOException e) {
            return List.of(); // a value another program wrote: start the conversation again
        }
    }

    /** Appends a turn to the turns read before, keeps the last 10 and renews the expiry. */
    void append(String sessionId, List<Turn> before, Turn turn) {
        List<Turn> turns = new ArrayList<>(before);
        turns.add(turn);
        List<Turn> kept = turns.subList(Math.max(0, turns.size() - KEPT_TURNS), turns.size());
        try {
            connection().sync().set(key(sessionId), json.writeValueAsString(kept),
                    SetArgs.Builder.ex(EXPIRY_SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Redis answers PING within {@code timeout}. */
    boolean answers(Duration timeout) {
        try {
            return "PONG".equals(connection().async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return false;
        }
    }

    private static String key(String sessionId) {
        return "tally:conversation:" + sessionId;
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (connection == null) {
                connection = client.connect();
            }
            return connection;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }
}
