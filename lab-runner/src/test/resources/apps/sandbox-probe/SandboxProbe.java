import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * GET /probe answers key=value lines about what this app may do where it runs: its user, which
 * folders it can write, its network interfaces, its memory limit, and whether the lab model
 * answers (at OLLAMA_BASE_URL, and at LAB_SPEECH_BASE_URL when set). It never opens a connection anywhere
 * but those and its own port.
 */
public class SandboxProbe {
    public static void main(String[] args) throws Exception {
        if (System.getenv("LAB_PROBE_EXIT") != null) {
            System.out.println("probe: exiting at once, as LAB_PROBE_EXIT asks");
            System.exit(Integer.parseInt(System.getenv("LAB_PROBE_EXIT")));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(
                InetAddress.getByName(System.getenv("HOST")), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/health", exchange -> send(exchange, "{\"status\":\"ok\"}"));
        server.createContext("/probe", exchange -> send(exchange, probe().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"))));
        server.start();
    }

    private static Map<String, String> probe() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("uid", uid());
        facts.put("root-writable", writable(Path.of("/"), false));
        facts.put("app-writable", writable(Path.of("").toAbsolutePath(), false));
        facts.put("data-writable", writable(Path.of(System.getenv("LAB_DATA_DIR")), true));
        facts.put("fixtures-writable", writable(Path.of(System.getenv("LAB_PROBE_FIXTURES")), false));
        facts.put("tmp-writable", writable(Path.of(System.getProperty("java.io.tmpdir")), false));
        facts.put("interfaces", interfaces());
        facts.put("memory-limit", memoryLimit());
        facts.put("model", model());
        facts.put("speech", speech());
        facts.put("data-files", dataFiles());
        return facts;
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** Writes a new file there, and deletes it unless asked to keep it. */
    private static String writable(Path dir, boolean keep) {
        Path file = dir.resolve("probe-" + UUID.randomUUID() + ".txt");
        try {
            Files.writeString(file, "probe");
            if (!keep) {
                Files.delete(file);
            }
            return "yes";
        } catch (IOException e) {
            return "no";
        }
    }

    private static String interfaces() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                    .sorted().collect(Collectors.joining(","));
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memoryLimit() {
        for (String file : new String[] {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                // the other cgroup version
            }
        }
        return "?";
    }

    private static String model() {
        return status(System.getenv("OLLAMA_BASE_URL") + "/api/version");
    }

    /** The speech service's model list (OpenAI's GET /v1/models), where the lab gives one. */
    private static String speech() {
        String base = System.getenv("LAB_SPEECH_BASE_URL");
        return base == null ? "unset" : status(base + "/models");
    }

    private static String status(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Integer.toString(response.statusCode());
        } catch (Exception e) {
            return "unreachable";
        }
    }

    /** What the data folder holds: after a restart, what earlier probes left there. */
    private static String dataFiles() {
        try (var files = Files.list(Path.of(System.getenv("LAB_DATA_DIR")))) {
            return Long.toString(files.count());
        } catch (IOException e) {
            return "?";
        }
    }

    private static void send(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
