package dev.labkit.checks.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.AppClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat page as {@code chat.web-ui} reads it, from a real loopback server serving pages of many shapes. */
class ChatPageTests {

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

    private void route(String path, String type, String body) {
        routes.put(path, new String[] {"200", type, body});
    }

    @Test
    void anInlineScriptPageCallingTheApiByARelativePathIsReadAsItIs() {
        route("/", "text/html", "<textarea id=m></textarea><script>fetch('api/chat', {method: 'POST'})</script>");

        ChatPage page = ChatPage.load(app);

        assertThat(page.hasTextBox()).isTrue();
        assertThat(page.callsTheApi()).isTrue();
        assertThat(page.scripts()).isEmpty();
    }

    @Test
    void aPageReachedByRedirectReadsTheScriptsItLoadsFromTheApp() {
        routes.put("/", new String[] {"302", "", "/static/index.html"});
        route("/static/index.html", "text/html; charset=UTF-8", "<!doctype html><div id=root></div>"
                + "<script type=\"module\" src=\"app.js?v=3\"></script>"
                + "<SCRIPT SRC='/static/vendor.js'></SCRIPT><script src=https://cdn.example/lib.js></script>"
                + "<script src=\"missing.js\"></script>");
        route("/static/app.js", "text/javascript", "const box = document.createElement('textarea');\n"
                + "await fetch(new URL('/api/chat/stream', location.origin), {method: 'POST'});");
        route("/static/vendor.js", "application/javascript", "export const x = 1;");

        ChatPage page = ChatPage.load(app);

        assertThat(page.page().request()).isEqualTo("GET / -> /static/index.html");
        assertThat(page.scripts()).containsOnlyKeys("/static/app.js?v=3", "/static/vendor.js");
        assertThat(page.unread()).containsExactly("https://cdn.example/lib.js (not served by the app)",
                "missing.js (GET /static/missing.js answered 404)");
        assertThat(page.hasTextBox()).isTrue();
        assertThat(page.callsTheApi()).isTrue();
        assertThat(page.describe()).contains("/static/app.js?v=3").contains("missing.js");
    }

    @Test
    void aTextBoxMadeByACompiledComponentCounts() {
        route("/", "text/html", "<div id=app></div><script src=\"/assets/index-3f2a.js\"></script>");
        route("/assets/index-3f2a.js", "text/javascript", "return jsx(\"input\",{value:t,onChange:n}),"
                + "fetch(\"/api/chat\",{method:\"POST\"})");

        assertThat(ChatPage.load(app).hasTextBox()).isTrue();
    }

    @Test
    void aPageWithoutATextBoxOrWithoutTheApiIsTold() {
        route("/", "text/html", "<button onclick=\"fetch('/api/chat')\">Hi</button>"
                + "<script>addEventListener('input', () => {})</script>");
        assertThat(ChatPage.load(app).hasTextBox()).as("an 'input' event is no text box").isFalse();

        route("/", "text/html", "<textarea></textarea><script src=\"chat.js\"></script>");
        route("/chat.js", "text/javascript", "fetch('/api/ask')");
        ChatPage elsewhere = ChatPage.load(app);
        assertThat(elsewhere.callsTheApi()).isFalse();
        assertThat(elsewhere.describe()).contains("/chat.js");
    }

    @Test
    void theApiIsItsTwoPathsInAnyWrittenFormAndNoPathThatOnlyStartsTheSame() {
        Map<String, Boolean> scripts = new java.util.LinkedHashMap<>();
        scripts.put("fetch('/api/chat', {method: 'POST'})", true);
        scripts.put("fetch(\"api/chat/stream?x=1\")", true);
        scripts.put("fetch(`${base}/API/Chat`)", true);
        scripts.put("fetch('/api/chat/' + (streaming ? 'stream' : ''))", true);
        scripts.put("fetch(`/api/chat${streaming ? '/stream' : ''}`)", true);
        scripts.put("fetch('/api/chat/steam')", false);
        scripts.put("fetch('/api/chats')", false);
        scripts.put("fetch('/api/chat-v2')", false);
        scripts.put("fetch('/api/chat/stream/')", false);
        scripts.forEach((script, names) -> {
            route("/", "text/html", "<textarea></textarea><script>" + script + "</script>");
            assertThat(ChatPage.load(app).callsTheApi()).as(script).isEqualTo(names);
        });
    }

    @Test
    void aScriptOnAnotherOriginIsNeverFetched() {
        route("/", "text/html", "<textarea></textarea><script src=\"http://192.0.2.1:9/chat.js\"></script>");

        ChatPage page = ChatPage.load(app);

        assertThat(page.scripts()).isEmpty();
        assertThat(page.unread()).containsExactly("http://192.0.2.1:9/chat.js (not served by the app)");
        assertThat(page.callsTheApi()).isFalse();
    }

    @Test
    void aPageThatIsNotThereReadsNoScripts() {
        ChatPage page = ChatPage.load(app);

        assertThat(page.page().status()).isEqualTo(404);
        assertThat(page.scripts()).isEmpty();
    }

    @Test
    void scriptSourcesAreReadInAnyQuotingAndEntitiesDecoded() {
        assertThat(dev.labkit.checks.sdk.AppPage.scriptSources("<script src=a.js></script><script defer src = 'b.js?x=1&amp;y=2'>"
                + "</script><script>inline()</script><script data-src=\"no.js\"></script>"))
                .containsExactly("a.js", "b.js?x=1&y=2");
    }
}
