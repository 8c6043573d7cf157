import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes started-on-PORT into LAB_DATA_DIR. GET /ready: 200 once up (the health path). GET /slow?ms=N: answers "done" after N ms. GET /whoami: its
 * PORT and LAB_DATA_DIR. On SIGTERM: waits (up to 10 s) for the requests in flight, prints "bye", exits;
 * with IGNORE_SIGTERM=1 its shutdown never ends (it must be killed).
 */
public class GracefulApp {
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String port = System.getenv("PORT");
        // Its data folder must be its own and writable: it notes its port there.
        java.nio.file.Files.writeString(java.nio.file.Path.of(System.getenv("LAB_DATA_DIR"), "started-on-" + port), port);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(port)), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ready", exchange -> answer(exchange, 200, "up"));
        server.createContext("/whoami", exchange -> answer(exchange, 200,
                "port=" + port + ";data=" + System.getenv("LAB_DATA_DIR")));
        server.createContext("/slow", exchange -> {
            IN_FLIGHT.incrementAndGet();
            try {
                long ms = Long.parseLong(exchange.getRequestURI().getQuery().replace("ms=", ""));
                System.out.println("slow request started");
                Thread.sleep(ms);
                answer(exchange, 200, "done");
            } catch (InterruptedException e) {
                answer(exchange, 500, "interrupted");
            } finally {
                IN_FLIGHT.decrementAndGet();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM: draining " + IN_FLIGHT.get() + " requests");
            if ("1".equals(System.getenv("IGNORE_SIGTERM"))) {
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        // keeps ignoring
                    }
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (IN_FLIGHT.get() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    break;
                }
            }
            server.stop(0);
            System.out.println("bye");
            System.out.flush();
        }));
        server.start();
        System.out.println("graceful app listening on " + port);
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
