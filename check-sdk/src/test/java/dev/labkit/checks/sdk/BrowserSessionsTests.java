package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Console messages as chromedriver logs them, rewritten to count positions from 1 (real Chromium: BrowserGradingTests). */
class BrowserSessionsTests {

    @Test
    void anUncaughtErrorsPositionCountsFromOne() {
        assertThat(BrowserSessions.countedFromOne(
                "http://127.0.0.1:8080/app.js 70:15 Uncaught TypeError: reply is undefined"))
                .isEqualTo("http://127.0.0.1:8080/app.js 71:16 Uncaught TypeError: reply is undefined");
        assertThat(BrowserSessions.countedFromOne("http://127.0.0.1:8080/ 0:0 Uncaught SyntaxError: x"))
                .isEqualTo("http://127.0.0.1:8080/ 1:1 Uncaught SyntaxError: x");
    }

    @Test
    void aConsoleErrorOfAScriptWithoutAnAddressCountsFromOneToo() {
        assertThat(BrowserSessions.countedFromOne("console-api 2:32 \"the page broke\""))
                .isEqualTo("console-api 3:33 \"the page broke\"");
    }

    @Test
    void messagesWithoutAPositionStayAsTheyAre() {
        String failedLoad = "http://127.0.0.1:8080/api/chat - Failed to load resource: the server responded with a"
                + " status of 404 (Not Found)";
        assertThat(BrowserSessions.countedFromOne(failedLoad)).isEqualTo(failedLoad);
        assertThat(BrowserSessions.countedFromOne("page 1:")).isEqualTo("page 1:");
        assertThat(BrowserSessions.countedFromOne("http://x/ 12:ab text")).isEqualTo("http://x/ 12:ab text");
        assertThat(BrowserSessions.countedFromOne("http://x/ 99999999999999999999:1 text"))
                .isEqualTo("http://x/ 99999999999999999999:1 text");
    }
}
