package dev.labkit.checks.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lab's tools world (a search engine, a weather service, an order service, served by the
 * grader at {@code LAB_TOOLS_BASE_URL}): rules that make an endpoint fail, stall or answer
 * something else, and a record of every call the app made. Cleared before each check.
 *
 * <pre>{@code
 * world.fail("/weather", 500);
 * world.stall("/search", Duration.ofSeconds(30));
 * world.respond("/search", 200, "{\"results\":[...]}");
 * }</pre>
 */
public final class ToolsWorld {

    /** A call the app made: method, path and query parameters (decoded). */
    public record Call(String method, String path, Map<String, String> query, Instant at) {
        public Call {
            query = Map.copyOf(query);
        }

        /** A query parameter, or {@code ""}. */
        public String param(String name) {
            return query.getOrDefault(name, "");
        }
    }

    /** What an endpoint does instead of answering from its fixtures. */
    public sealed interface Behaviour {}

    /** Answer this status with {@code {"error": ...}}. */
    public record Fail(int status) implements Behaviour {}

    /** Say nothing for this long, then close the connection. */
    public record Stall(Duration duration) implements Behaviour {}

    /** Answer this status and JSON body. */
    public record Respond(int status, String json) implements Behaviour {}

    private record Rule(String pathPrefix, Behaviour behaviour) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new ArrayList<>();

    public void fail(String pathPrefix, int status) {
        rules.add(new Rule(pathPrefix, new Fail(status)));
    }

    public void stall(String pathPrefix, Duration duration) {
        rules.add(new Rule(pathPrefix, new Stall(Objects.requireNonNull(duration))));
    }

    public void respond(String pathPrefix, int status, String json) {
        rules.add(new Rule(pathPrefix, new Respond(status, json)));
    }

    /** The behaviour of the first rule whose prefix the path starts with, if any. */
    public Optional<Behaviour> behaviourFor(String path) {
        return rules.stream().filter(r -> path.startsWith(r.pathPrefix())).map(Rule::behaviour).findFirst();
    }

    /** Called by the world's server for every request. */
    public synchronized void record(Call call) {
        calls.add(call);
    }

    /** Every call, in arrival order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls whose path starts with {@code pathPrefix}, in arrival order. */
    public synchronized List<Call> calls(String pathPrefix) {
        return calls.stream().filter(c -> c.path().startsWith(pathPrefix)).toList();
    }

    /** Forgets every rule and every recorded call. */
    public synchronized void clear() {
        rules.clear();
        calls.clear();
    }
}
