package demo;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Answers every request (GET /health too) with {@code hello from <user.name> on Java <version> greeting=<GREETING>}. */
public final class Hello {

    public static void main(String[] args) throws Exception {
        String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("hello from " + System.getProperty("user.name") + " on Java "
                    + System.getProperty("java.version") + " greeting=" + System.getenv("GREETING"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        System.out.println("listening on " + host + ":" + port);
    }
}
