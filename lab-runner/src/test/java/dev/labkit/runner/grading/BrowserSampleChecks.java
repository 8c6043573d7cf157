package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.Browser;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.PageRequests;
import dev.labkit.checks.sdk.Tier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A checker suite for {@link BrowserGradingTests}, run against {@code apps/echo} (which serves {@code /health} and
 * nothing else for a browser): a browser check that passes, one that fails (with a screenshot and a console error
 * to keep), and one that records from Chromium's fake microphone. Not a lab.
 */
@LabChecks
public class BrowserSampleChecks {

    @Check(id = "health", title = "Answers /health", points = 5)
    void health(AppClient app) {
        assertThat(app.get("/health").status()).isEqualTo(200);
    }

    @Check(id = "browser.sees-health", title = "The browser shows /health", points = 3, tier = Tier.BROWSER)
    void seesHealth(Browser browser) {
        WebDriver page = browser.open("/health");
        PageRequests requests = PageRequests.of(page);

        assertThat(page.findElement(By.tagName("body")).getText()).contains("\"status\":\"ok\"");
        // What the page sends from now on is recorded: a fetch from its own script.
        ((JavascriptExecutor) page).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/health', {method: 'POST', body: '{\"probe\":1}'}).then(() => done(), () => done());");
        assertThat(requests.to("POST", "/health")).singleElement()
                .satisfies(sent -> assertThat(sent.body()).contains("{\"probe\":1}"));
    }

    @Check(id = "browser.wrong", title = "Always fails, on a page that logs an error", points = 2,
            tier = Tier.BROWSER, hint = "Look at the screenshot.")
    void wrong(Browser browser) {
        WebDriver page = browser.open("/broken.html");
        ((JavascriptExecutor) page).executeScript("console.error('sample console error: the page broke');"
                + "document.body.textContent = 'A page that went wrong';");
        browser.open("/no-such-page");
        assertThat(page.getTitle()).as("the page should be titled Sprout").isEqualTo("Sprout");
    }

    @Check(id = "browser.microphone", title = "The page records from the fake microphone", points = 1,
            tier = Tier.BROWSER)
    void microphone(Browser browser) throws IOException {
        Path wav = Files.createTempFile("labkit-sample-", ".wav");
        try {
            Files.write(wav, sineWav());
            WebDriver page = browser.withMicrophone(wav).open("/health");

            Object tracks = ((JavascriptExecutor) page).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "navigator.mediaDevices.getUserMedia({audio: true})"
                            + ".then(s => done(s.getAudioTracks().map(t => t.readyState)), e => done('error: ' + e));");

            assertThat(tracks).as("getUserMedia({audio: true}) on the fake device").isEqualTo(List.of("live"));
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** One second of a 440 Hz tone, 16-bit PCM mono at 16 kHz, as a WAV file. */
    public static byte[] sineWav() {
        int rate = 16_000;
        ByteBuffer samples = ByteBuffer.allocate(rate * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rate; i++) {
            samples.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + rate * 2).put("WAVE".getBytes()).put("fmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(rate * 2);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        wav.writeBytes(header.array());
        wav.writeBytes(samples.array());
        return wav.toByteArray();
    }

    static final Map<String, Integer> POINTS = Map.of("health", 5, "browser.sees-health", 3, "browser.wrong", 2,
            "browser.microphone", 1);
}
