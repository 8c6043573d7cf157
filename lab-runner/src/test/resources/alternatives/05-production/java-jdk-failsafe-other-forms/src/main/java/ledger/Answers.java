package ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes answers on a JDK {@link HttpExchange}: JSON as UTF-8 with {@code Content-Type: application/json;
 * charset=utf-8}, errors as {@code {"error": "<a sentence for the user>"}}. The status written is kept in
 * the exchange's attribute {@value #STATUS} for the request's log line and metrics.
 */
final class Answers {

    static final String STATUS = "tally.status";

    private final ObjectMapper json;

    Answers(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    void error(HttpExchange exchange, int status, String sentence) throws IOException {
        json(exchange, status, object().put("error", sentence));
    }

    void text(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        send(exchange, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.setAttribute(STATUS, status);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
