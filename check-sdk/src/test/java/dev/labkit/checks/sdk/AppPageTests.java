package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A page and the scripts it loads, read from a real loopback server as a browser would fetch them. */
class AppPageTests {

    private HttpServer server;
    private AppClient app;
    /** Path -> [status, content type, body]; a 3xx body is the Location. */
    private final Map<String, String[]> routes = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        app = new AppClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String[] route = routes.getOrDefault(exchange.getRequestURI().getPath(), new String[] {"404", "text/plain", "no"});
        int status = Integer.parseInt(route[0]);
        if (status / 100 == 3) {
            exchange.getResponseHeaders().set("Location", route[2]);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = route[2].getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", route[1]);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void route(String path, String body) {
        routes.put(path, new String[] {"200", "text/html", body});
    }

    @Test
    void aPageReachedByRedirectReadsTheScriptsItLoadsFromTheAppRelativeToItsOwnPath() {
        routes.put("/", new String[] {"302", "", "/static/index.html"});
        route("/static/index.html", "<script type=\"module\" src=\"app.js?v=3\"></script>"
                + "<SCRIPT SRC='/static/vendor.js'></SCRIPT><script src=https://cdn.example/lib.js></script>"
                + "<script src=\"missing.js\"></script><script src=\"app.js?v=3\"></script>");
        route("/static/app.js", "fetch('/api/ask')");
        route("/static/vendor.js", "export const x = 1;");

        AppPage page = AppPage.load(app);

        assertThat(page.page().request()).isEqualTo("GET / -> /static/index.html");
        assertThat(page.scripts()).containsExactly(Map.entry("/static/app.js?v=3", "fetch('/api/ask')"),
                Map.entry("/static/vendor.js", "export const x = 1;"));
        assertThat(page.unread()).containsExactly("https://cdn.example/lib.js (not served by the app)",
                "missing.js (GET /static/missing.js answered 404)");
        assertThat(page.anyText(text -> text.contains("/api/ask"))).isTrue();
        assertThat(page.anyText(text -> text.contains("/api/chat"))).isFalse();
        assertThat(page.describe()).isEqualTo("GET / -> /static/index.html and the scripts it loads:"
                + " /static/app.js?v=3, /static/vendor.js; not read: https://cdn.example/lib.js (not served by the app),"
                + " missing.js (GET /static/missing.js answered 404)");
    }

    @Test
    void atMostTenScriptsAreReadAndAPageThatIsNotThereReadsNone() {
        route("/", IntStream.range(0, 12).mapToObj(i -> "<script src=\"s" + i + ".js\"></script>")
                .collect(Collectors.joining()));
        IntStream.range(0, 12).forEach(i -> route("/s" + i + ".js", "// " + i));

        AppPage page = AppPage.load(app);

        assertThat(page.scripts()).hasSize(AppPage.MAX_SCRIPTS);
        assertThat(page.unread()).containsExactly("s10.js (more than 10 scripts)", "s11.js (more than 10 scripts)");

        routes.clear();
        AppPage missing = AppPage.load(app);
        assertThat(missing.page().status()).isEqualTo(404);
        assertThat(missing.scripts()).isEmpty();
        assertThat(missing.describe()).isEqualTo("GET / (no script loaded from the app)");
    }

    @Test
    void scriptSourcesAreReadInAnyQuotingAndEntitiesDecoded() {
        assertThat(AppPage.scriptSources("<script src=a.js></script><script defer src = 'b.js?x=1&amp;y=2'>"
                + "</script><script>inline()</script><script data-src=\"no.js\"></script>"))
                .containsExactly("a.js", "b.js?x=1&y=2");
    }
}
