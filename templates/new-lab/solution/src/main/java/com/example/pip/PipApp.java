package com.example.pip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Pip, the library's help desk: POST /api/ask {"question"} sends the question to the model at
 * OLLAMA_BASE_URL (Ollama's /api/chat, model LAB_CHAT_MODEL, not streamed) and answers
 * {"answer"} with the model's reply; 400 for a request without a question, 502 when the model fails.
 */
public final class PipApp {

    static final String PERSONA = "You are Pip, the friendly help desk of a small town library. "
            + "Answer the visitor's question in one or two sentences.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI chatUrl;
    private final String model;

    PipApp(String ollamaBaseUrl, String model) {
        this.chatUrl = URI.create(ollamaBaseUrl.replaceAll("/+$", "") + "/api/chat");
        this.model = model;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        String host = env.getOrDefault("HOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        PipApp pip = new PipApp(env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434"),
                env.getOrDefault("LAB_CHAT_MODEL", "qwen2.5:0.5b"));

        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> respond(exchange, 200, Map.of("status", "ok")));
        server.createContext("/api/ask", pip::ask);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("Pip listens on http://" + host + ":" + port);
    }

    private void ask(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, Map.of("error", "Use POST to ask a question."));
            return;
        }
        String question;
        try {
            question = JSON.readTree(exchange.getRequestBody()).path("question").asText("");
        } catch (IOException e) {
            question = "";
        }
        if (question.isBlank()) {
            respond(exchange, 400, Map.of("error", "Send a JSON object with a non-empty \"question\"."));
            return;
        }
        String answer;
        try {
            answer = askModel(question);
        } catch (IOException e) {
            System.err.println("model call failed: " + e);
            respond(exchange, 502, Map.of("error", "Pip cannot reach its model right now. Please try again."));
            return;
        }
        respond(exchange, 200, Map.of("answer", answer));
    }

    /** The model's reply to {@code question}; an IOException when the model fails or answers no text. */
    private String askModel(String question) throws IOException {
        Map<String, Object> body = Map.of("model", model, "stream", false, "messages", List.of(
                Map.of("role", "system", "content", PERSONA),
                Map.of("role", "user", "content", question)));
        HttpRequest request = HttpRequest.newBuilder(chatUrl).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the model");
        }
        if (response.statusCode() != 200) {
            throw new IOException("the model answered " + response.statusCode());
        }
        JsonNode content = JSON.readTree(response.body()).path("message").path("content");
        if (!content.isTextual()) {
            throw new IOException("the model's answer has no message.content");
        }
        return content.asText();
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> json) throws IOException {
        try (exchange) {
            byte[] body = JSON.writeValueAsBytes(json);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
