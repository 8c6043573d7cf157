package dev.labkit.checks.multimodal;

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

/** Lab 04's page as {@code mm.web-ui} reads it, from a real loopback server serving pages of many shapes. */
class AskPageTests {

    /** A page with everything the brief asks, in plain markup. */
    static final String FULL_PAGE = "<!doctype html><form id=ask><textarea name=text></textarea>"
            + "<input type=\"file\" name=\"image\" accept=\"image/*\">"
            + "<button id=rec>Record</button><label><input type=checkbox name=speak> Speak</label>"
            + "<button>Ask</button></form><audio id=player controls></audio>"
            + "<script>rec.onclick = async () => new MediaRecorder(await navigator.mediaDevices.getUserMedia("
            + "{audio: true}));\nask.onsubmit = e => fetch('/api/ask', {method: 'POST', body: new FormData(ask)});"
            + "</script>";

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
    void aPlainPageWithEverythingLacksNothing() {
        route("/", "text/html", FULL_PAGE);

        AskPage page = AskPage.load(app);

        assertThat(page.missing()).isEmpty();
        assertThat(page.scripts()).isEmpty();
    }

    @Test
    void aPageReachedByRedirectWhoseScriptMakesTheElementsLacksNothing() {
        routes.put("/", new String[] {"302", "", "/static/index.html"});
        route("/static/index.html", "text/html; charset=UTF-8", "<div id=app></div>"
                + "<script type=module src=\"fig.js?v=2\"></script><script src=\"https://cdn.example/x.js\"></script>");
        route("/static/fig.js", "text/javascript", "const box = document.createElement('textarea');\n"
                + "const photo = document.createElement('input'); photo.type = 'file'; photo.accept = 'image/png,"
                + "image/jpeg';\nconst voice = document.createElement(\"input\"); voice.setAttribute(\"type\", "
                + "\"checkbox\");\nconst upload = Object.assign(document.createElement('input'), {type: 'file', "
                + "accept: 'audio/*'});\nconst player = new Audio();\n"
                + "fetch(new URL('api/ask', location.href), {method: 'POST'});");

        AskPage page = AskPage.load(app);

        assertThat(page.page().request()).isEqualTo("GET / -> /static/index.html");
        assertThat(page.scripts()).containsOnlyKeys("/static/fig.js?v=2");
        assertThat(page.unread()).containsExactly("https://cdn.example/x.js (not served by the app)");
        assertThat(page.missing()).isEmpty();
    }

    @Test
    void compiledComponentsCount() {
        route("/", "text/html", "<div id=root></div><script src=/assets/index-9f.js></script>");
        route("/assets/index-9f.js", "text/javascript", "jsx(\"textarea\",{value:t}),jsx(\"input\",{type:\"file\","
                + "accept:\"image/*\"}),jsx(\"input\",{type:\"checkbox\",checked:s}),jsx(\"audio\",{src:a,controls:!0}),"
                + "navigator.mediaDevices.getUserMedia({audio:!0}),fetch(\"/api/ask\",{method:\"POST\",body:f})");

        assertThat(AskPage.load(app).missing()).isEmpty();
    }

    @Test
    void aFileInputIsNoTextBoxAndAnImageInputIsNoAudioInput() {
        route("/", "text/html", "<input type=file accept=\"image/*\"><input type=\"checkbox\">"
                + "<script>fetch('/api/ask')</script>");

        AskPage page = AskPage.load(app);

        assertThat(page.hasTextBox()).isFalse();
        assertThat(page.acceptsImages()).isTrue();
        assertThat(page.takesAudio()).isFalse();
        assertThat(page.playsAudio()).isFalse();
        assertThat(page.missing()).containsExactly("a text box (<textarea> or <input type=\"text\">)",
                "a way to record audio (MediaRecorder) or to upload it (<input type=\"file\" accept=\"audio/*\">)",
                "an <audio> element to play the spoken reply");
    }

    @Test
    void anInputWithNoTypeIsATextBoxAndAnAudioUploadIsAWayToGiveAudio() {
        route("/", "text/html", "<input name=text><input type='file' accept='audio/wav,audio/*'>");

        AskPage page = AskPage.load(app);

        assertThat(page.hasTextBox()).isTrue();
        assertThat(page.takesAudio()).isTrue();
        assertThat(page.acceptsImages()).isFalse();
    }

    @Test
    void lab01sChatPageLacksTheMultimodalPartsAndTheApi() {
        route("/", "text/html", "<textarea id=m></textarea><script>fetch('/api/chat', {method: 'POST'})</script>");

        assertThat(AskPage.load(app).missing()).hasSize(5).last().isEqualTo("a call to /api/ask");
    }

    @Test
    void aPageThatIsNotThereReadsNoScripts() {
        AskPage page = AskPage.load(app);

        assertThat(page.page().status()).isEqualTo(404);
        assertThat(page.scripts()).isEmpty();
        assertThat(page.describe()).isEqualTo("GET / (no script loaded from the app)");
    }
}
