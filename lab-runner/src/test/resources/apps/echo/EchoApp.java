import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * POST /ask with a plain-text question: asks the model (Ollama API) and answers with its raw JSON.
 * At start it sends one "warm up" chat request, so graders can test startup traffic.
 */
public class EchoApp {
    public static void main(String[] args) throws Exception {
        String model = System.getenv("OLLAMA_BASE_URL");
        String chatModel = System.getenv("LAB_CHAT_MODEL");
        // A slow start on demand, for tests of a check cut off while it restarts the app.
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("ECHO_START_DELAY_MS", "0")));
        HttpClient client = HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create(model + "/api/chat")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"" + chatModel + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // A page whose script fails at line 5, column 5 (where notDefined starts), for tests of console errors.
        server.createContext("/broken.html", exchange -> {
            System.err.println("echo app: serving /broken.html, a page whose script fails");
            byte[] body = ("<!doctype html>\n<html><head><title>Broken</title></head>\n<body>\n<script>\n"
                    + "    notDefined();\n</script>\n</body></html>\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/ask", exchange -> {
            String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String request = "{\"model\":\"" + chatModel + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + question.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]}";
            byte[] body;
            int status;
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(model + "/api/chat"))
                                .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                        HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body().getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                status = 502;
                body = "{\"error\":\"model unreachable\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("echo app listening on " + System.getenv("PORT"));
    }
}
