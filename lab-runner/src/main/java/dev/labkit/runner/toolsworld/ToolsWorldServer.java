package dev.labkit.runner.toolsworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.ToolsWorld;
import dev.labkit.runner.LoopbackServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Serves the tools world: {@code GET /search?q=}, {@code GET /weather?city=}, {@code GET
 * /orders/{id}}. Every call is recorded in the {@link ToolsWorld}; its rules decide whether an
 * endpoint fails, stalls or answers something else.
 */
public final class ToolsWorldServer implements AutoCloseable {

    private final HttpServer server;
    private final WorldData data;
    private final ToolsWorld world;
    private final CountDownLatch closing = new CountDownLatch(1);

    private ToolsWorldServer(InetSocketAddress address, WorldData data, ToolsWorld world) throws IOException {
        this.data = data;
        this.world = world;
        server = LoopbackServers.create(address, 32, "labkit-tools");
        server.createContext("/", this::handle);
    }

    /** Serves the fixtures of {@code worldDir} ({@code fixtures/world} of the lab). */
    public static ToolsWorldServer start(InetSocketAddress address, Path worldDir, ToolsWorld world) throws IOException {
        ToolsWorldServer tools = new ToolsWorldServer(address, WorldData.read(worldDir), world);
        tools.server.start();
        return tools;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        closing.countDown();
        LoopbackServers.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            world.record(new ToolsWorld.Call(exchange.getRequestMethod(), path, query, Instant.now()));
            Optional<ToolsWorld.Behaviour> behaviour = world.behaviourFor(path);
            if (behaviour.isPresent()) {
                act(exchange, behaviour.get());
            } else if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, error("only GET is served"));
            } else {
                answer(exchange, path, query);
            }
        } catch (IOException e) {
            // The app hung up; nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        if (path.equals("/search")) {
            String q = query.getOrDefault("q", "");
            send(exchange, q.isBlank() ? 400 : 200, q.isBlank() ? error("q is required") : data.search(q).toString());
        } else if (path.equals("/weather")) {
            String city = query.getOrDefault("city", "");
            Optional<JsonNode> weather = city.isBlank() ? Optional.empty() : data.weather(city);
            send(exchange, city.isBlank() ? 400 : weather.isPresent() ? 200 : 404, city.isBlank()
                    ? error("city is required") : weather.map(JsonNode::toString).orElse(error("unknown city: " + city)));
        } else if (path.startsWith("/orders/")) {
            String id = path.substring("/orders/".length());
            Optional<JsonNode> order = data.order(id);
            send(exchange, order.isPresent() ? 200 : 404, order.map(JsonNode::toString).orElse(error("no order " + id)));
        } else {
            send(exchange, 404, error("no such endpoint: " + path + " (try /search, /weather, /orders/{id})"));
        }
    }

    private void act(HttpExchange exchange, ToolsWorld.Behaviour behaviour) throws IOException {
        if (behaviour instanceof ToolsWorld.Fail fail) {
            send(exchange, fail.status(), error("tools world: scripted failure " + fail.status()));
        } else if (behaviour instanceof ToolsWorld.Respond respond) {
            send(exchange, respond.status(), respond.json());
        } else if (behaviour instanceof ToolsWorld.Stall stall) {
            try {
                closing.await(stall.duration().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // No status line was sent: closing the exchange drops the connection.
        }
    }

    private static String error(String message) {
        return WorldData.JSON.createObjectNode().put("error", message).toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
