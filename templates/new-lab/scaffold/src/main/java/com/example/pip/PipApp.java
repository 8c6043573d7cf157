package com.example.pip;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Pip's entry point. It starts on PORT and answers GET /health; POST /api/ask is yours to build.
 * Read BRIEF.md (or README.md) for the contract, then grade with {@code lab check}.
 */
public final class PipApp {

    private PipApp() {}

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));

        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"ok\"}"));
        // TODO: POST /api/ask {"question"} -> send the question to the model at OLLAMA_BASE_URL
        //   (POST /api/chat, model LAB_CHAT_MODEL, "stream": false) and answer {"answer": <its reply>}.
        server.createContext("/api/ask", exchange -> respond(exchange, 501, "{\"error\":\"not implemented yet\"}"));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("Pip listens on http://" + host + ":" + port);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        try (exchange) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
