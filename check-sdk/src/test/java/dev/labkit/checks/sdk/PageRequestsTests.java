package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Performance-log entries in the shape chromedriver returns them (a DevTools event under {@code message}) read as the
 * requests a page sent; real sessions' logs are read end to end by BrowserGradingTests and lab 01's browser checks.
 */
class PageRequestsTests {

    @Test
    void aPostWithItsBodyAsPostData() {
        String entry = "{\"message\":{\"method\":\"Network.requestWillBeSent\",\"params\":{\"requestId\":\"1.2\","
                + "\"request\":{\"url\":\"http://127.0.0.1:4100/api/chat/stream\",\"method\":\"POST\","
                + "\"postData\":\"{\\\"sessionId\\\":\\\"web-1\\\",\\\"message\\\":\\\"Hi\\\"}\",\"hasPostData\":true}}},"
                + "\"webview\":\"ABC\"}";

        PageRequests.Sent sent = PageRequests.parse(entry).orElseThrow();

        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/chat/stream");
        assertThat(sent.body()).contains("{\"sessionId\":\"web-1\",\"message\":\"Hi\"}");
        assertThat(sent.describe()).isEqualTo("POST /api/chat/stream {\"sessionId\":\"web-1\",\"message\":\"Hi\"}");
    }

    @Test
    void aBodyGivenOnlyAsPostDataEntries() {
        String bytes = Base64.getEncoder().encodeToString("{\"message\":\"Grüße\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        String entry = "{\"message\":{\"method\":\"Network.requestWillBeSent\",\"params\":{\"request\":{"
                + "\"url\":\"http://127.0.0.1:4100/api/chat\",\"method\":\"POST\",\"hasPostData\":true,"
                + "\"postDataEntries\":[{\"bytes\":\"" + bytes + "\"}]}}}}";

        assertThat(PageRequests.parse(entry).orElseThrow().body()).contains("{\"message\":\"Grüße\"}");
    }

    @Test
    void otherEventsAndGetsWithoutBody() {
        assertThat(PageRequests.parse("{\"message\":{\"method\":\"Network.responseReceived\",\"params\":{}}}"))
                .isEmpty();
        assertThat(PageRequests.parse("not json")).isEmpty();
        PageRequests.Sent get = PageRequests.parse("{\"message\":{\"method\":\"Network.requestWillBeSent\","
                + "\"params\":{\"request\":{\"url\":\"http://127.0.0.1:4100\",\"method\":\"GET\"}}}}").orElseThrow();
        assertThat(get.path()).isEqualTo("/");
        assertThat(get.body()).isEqualTo(Optional.empty());
    }
}
