package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The HTTP requests a page of a {@link Browser} session sent (its {@code fetch}, {@code XMLHttpRequest}, page loads),
 * in order, as Chromium's performance log records them (DevTools' {@code Network.requestWillBeSent} events, which
 * chromedriver keeps when the session asks for {@code goog:loggingPrefs} {@code performance}, as the runner's
 * sessions do): what a page sent, seen from the browser, whatever the app does with it.
 */
public final class PageRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request the page sent.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param url the absolute URL
     * @param body the request body as text, when it had one that Chromium recorded (it leaves out large ones)
     */
    public record Sent(String method, String url, Optional<String> body) {

        /** The URL's path, e.g. {@code /api/chat}. */
        public String path() {
            try {
                String path = URI.create(url).getPath();
                return path == null || path.isEmpty() ? "/" : path;
            } catch (IllegalArgumentException e) {
                return url;
            }
        }

        /** {@code POST /api/chat {"sessionId":...}}, for messages. */
        public String describe() {
            return method + " " + path() + body.map(b -> " " + AppClient.shorten(b)).orElse("");
        }
    }

    private final WebDriver session;
    private final List<Sent> sent = new ArrayList<>();

    private PageRequests(WebDriver session) {
        this.session = session;
    }

    /**
     * The requests of {@code session}, read from now on: the log's entries are taken as they are read, so make one
     * per session, right after {@link Browser#open}, and keep it.
     */
    public static PageRequests of(WebDriver session) {
        return new PageRequests(session);
    }

    /**
     * Every request the page sent since this was made, in order, reading what the log has gathered.
     *
     * @throws WebDriverException when the session is gone or keeps no performance log
     */
    public synchronized List<Sent> all() {
        for (LogEntry entry : session.manage().logs().get(LogType.PERFORMANCE)) {
            parse(entry.getMessage()).ifPresent(sent::add);
        }
        return List.copyOf(sent);
    }

    /** The requests with this method to a path that starts with {@code pathPrefix}, e.g. {@code POST}, {@code /api/chat}. */
    public List<Sent> to(String method, String pathPrefix) {
        return all().stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().startsWith(pathPrefix))
                .toList();
    }

    /** {@code postData}, or (newer Chromium) its {@code postDataEntries}' base64 bytes joined, as UTF-8. */
    private static Optional<String> body(JsonNode request) {
        if (request.path("postData").isTextual()) {
            return Optional.of(request.path("postData").asText());
        }
        JsonNode entries = request.path("postDataEntries");
        if (!entries.isArray() || entries.isEmpty()) {
            return Optional.empty();
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (JsonNode entry : entries) {
            try {
                bytes.writeBytes(java.util.Base64.getDecoder().decode(entry.path("bytes").asText("")));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A {@code Network.requestWillBeSent} event of the log, as a request; empty for any other event. */
    static Optional<Sent> parse(String logMessage) {
        try {
            JsonNode message = JSON.readTree(logMessage).path("message");
            if (!message.path("method").asText().equals("Network.requestWillBeSent")) {
                return Optional.empty();
            }
            JsonNode request = message.path("params").path("request");
            String url = request.path("url").asText("");
            if (url.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Sent(request.path("method").asText("GET"), url, body(request)));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
