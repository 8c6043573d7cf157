import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * GET /health: 200. GET /redis: sends PING to the Redis at LAB_REDIS_URL (RESP, the Redis protocol, over a plain
 * socket) and answers 200 with what Redis said (PONG), or 503 with why not.
 */
public class RedisProbe {
    public static void main(String[] args) throws Exception {
        URI redis = URI.create(System.getenv().getOrDefault("LAB_REDIS_URL", "redis://127.0.0.1:1"));
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, "ok"));
        server.createContext("/redis", exchange -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(redis.getHost(), redis.getPort()), 1000);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String reply = line(in);
                if (reply.startsWith("$")) {
                    reply = line(in); // a bulk string ($4, then PONG), as some servers answer
                } else if (reply.startsWith("+")) {
                    reply = reply.substring(1); // a simple string (+PONG), as Redis answers
                }
                answer(exchange, reply.equals("PONG") ? 200 : 503, reply);
            } catch (Exception e) {
                answer(exchange, 503, "no answer from " + redis + ": " + e);
            }
        });
        server.start();
    }

    /** One RESP line, without its CR LF. */
    private static String line(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        in.read(); // LF
        return line.toString();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String text)
            throws java.io.IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
