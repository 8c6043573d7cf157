package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.AudioClip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@link FigPage} driving pages of many shapes, and the lab's reference page, in a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, both paths given so that Selenium Manager never runs), served with a
 * stand-in {@code /api/ask} by a loopback server that keeps what each page sent. The voice test records from
 * Chromium's fake microphone playing the lab's question.wav. Skipped, with the reason, where Chromium is not installed.
 */
class FigPageTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path LAB = Path.of("..").toAbsolutePath().normalize();
    static final Path APPLE = LAB.resolve("fixtures/images/apple.png");
    static final Path QUESTION = LAB.resolve("fixtures/audio/question.wav");

    /** The stand-in app's answer: what a Fig app answers a spoken question with speak=true. */
    static final String HEARD = "Which pears are the sweetest today?";
    static final String REPLY = "The Comice pears: soft and sweet.";

    @TempDir
    static Path temp;

    static ChromeDriver browser;
    static String spokenWav;

    private HttpServer server;
    private String base;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    /** The body of each {@code POST /api/ask}, as the page sent it. */
    private final List<byte[]> asked = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void openBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver");
        browser = chromium(temp.resolve("profile"));
        spokenWav = Base64.getEncoder().encodeToString(tone(2.0, 0.3));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsAPhotoThroughTheReferencePageAndReadsTheReplyItShows() throws IOException {
        FigPage page = open(Files.readString(LAB.resolve("solution/src/main/resources/public/index.html")));

        page.attach(FigPage.FileKind.IMAGE, APPLE);
        page.type("Is this apple ripe?");
        page.send();

        assertThat(page.waitUntilShows(Duration.ofSeconds(10), REPLY)).as("the reply shows").isTrue();
        assertThat(asked).hasSize(1);
        String form = new String(asked.get(0), StandardCharsets.ISO_8859_1);
        assertThat(form).contains("name=\"text\"", "Is this apple ripe?", "name=\"image\"; filename=\"apple.png\"")
                .contains(new String(Files.readAllBytes(APPLE), StandardCharsets.ISO_8859_1));
        assertThat(page.shows("The   Comice\npears: soft and sweet.")).as("white space aside").isTrue();
        assertThat(page.shows("Bramley apples")).isFalse();
        assertThat(page.sent()).isEqualTo("POST /api/ask");
    }

    @Test
    void saysWhatAPageSentAfterARedirect() {
        pages.put("/static/index.html", "<!doctype html><input type=text><button onclick=\"fetch('api/ask', "
                + "{method: 'POST', body: new FormData()})\">Ask</button>");
        browser.get(base + "/static/index.html");
        FigPage page = new FigPage(browser);
        assertThat(page.sent()).isEqualTo("nothing");
        page.send();
        assertThat(FigPage.within(Duration.ofSeconds(5), () -> !page.sent().equals("nothing"))).isTrue();
        assertThat(page.sent()).isEqualTo("POST /static/api/ask");
        assertThat(page.url()).endsWith("/static/index.html");
    }

    @Test
    void recordsQuestionWavFromTheFakeMicrophoneInTheReferencePageAndSeesTheSpokenReplyPlay() throws Exception {
        WebDriver withMicrophone = chromium(temp.resolve("microphone-profile"), "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--use-file-for-fake-audio-capture=" + QUESTION + "%noloop",
                "--autoplay-policy=no-user-gesture-required");
        try {
            pages.put("/", Files.readString(LAB.resolve("solution/src/main/resources/public/index.html")));
            withMicrophone.get(base + "/");
            FigPage page = new FigPage(withMicrophone);

            page.tickSpeak();
            assertThat(page.recordButton()).as("the reference page's record button").isPresent();
            page.startRecording();
            Thread.sleep(2700); // the customer speaks: question.wav (1.7 s) plays into the microphone
            page.stopRecording();
            assertThat(FigPage.within(Duration.ofSeconds(2), () -> !asked.isEmpty())).as("the page waits for Ask")
                    .isFalse();
            page.send();

            assertThat(page.waitUntilShows(Duration.ofSeconds(10), HEARD, REPLY)).as("transcript and reply").isTrue();
            assertThat(page.waitUntilPlayed(Duration.ofSeconds(10))).as("the spoken reply plays: " + page.media())
                    .isTrue();
            String form = new String(asked.get(0), StandardCharsets.ISO_8859_1);
            assertThat(form).contains("name=\"speak\"\r\n\r\ntrue");
            AudioClip recording = AudioClip.of(part(asked.get(0), "audio"));
            assertThat(recording.isWav()).as(recording.describe()).isTrue();
            assertThat(Loudness.peak(recording)).as("the recording holds question.wav, not silence").get()
                    .satisfies(peak -> assertThat(peak).isGreaterThan(Loudness.SILENCE));
        } finally {
            withMicrophone.quit();
        }
    }

    @Test
    void findsARecordButtonByItsTextIdAriaLabelOrTitleAndNotAStopButton() {
        for (String button : List.of("<button>🎙 Record</button>", "<button id=record>●</button>",
                "<button aria-label=\"Start recording\">●</button>", "<div role=button title=\"Microphone\">🎤</div>",
                "<input type=button value=\"Record\">")) {
            FigPage page = open("<!doctype html><button>Stop recording</button>" + button);
            assertThat(page.recordButton()).as(button).isPresent();
        }
        FigPage none = open("<!doctype html><button>Stop recording</button><button>Send</button>"
                + "<button hidden>Record</button>");
        assertThat(none.recordButton()).as("only a stop button, and a hidden record button").isEmpty();
    }

    @Test
    void stopsWithTheStopButtonOrTheRecordButtonAgain() {
        String toggle = "<!doctype html><button id=r onclick=\"log.textContent += this.textContent + ' clicked; ';"
                + " this.textContent = 'Stop'\">Record</button><p id=log></p>";
        FigPage page = open(toggle);
        page.startRecording();
        page.stopRecording();
        assertThat(page.text()).contains("Record clicked; Stop clicked;");

        FigPage two = open("<!doctype html><button onclick=\"log.textContent += 'rec; '\">Record</button>"
                + "<button aria-label=Stop onclick=\"log.textContent += 'stop; '\">■</button><p id=log></p>");
        two.startRecording();
        two.stopRecording();
        assertThat(two.text()).contains("rec; stop;");
    }

    @Test
    void sendsWithTheSubmitButtonANamedButtonTheFormOrEnter() {
        FigPage submit = open("<!doctype html><form onsubmit=\"event.preventDefault(); log.textContent = 'submitted "
                + "by ' + event.submitter.id\"><input name=text><button type=button id=rec>Record</button>"
                + "<button id=go>➤</button></form><p id=log></p>");
        submit.send();
        assertThat(submit.text()).contains("submitted by go");

        FigPage named = open("<!doctype html><textarea></textarea><button>Record</button><button "
                + "onclick=\"log.textContent = 'sent'\">Send</button><p id=log></p>");
        named.send();
        assertThat(named.text()).contains("sent");

        FigPage form = open("<!doctype html><form onsubmit=\"event.preventDefault(); log.textContent = 'submitted'\">"
                + "<input type=text></form><p id=log></p>");
        form.send();
        assertThat(form.text()).contains("submitted");

        FigPage enter = open("<!doctype html><input type=text onkeydown=\"if (event.key === 'Enter') "
                + "log.textContent = 'entered'\"><p id=log></p>");
        enter.send();
        assertThat(enter.text()).contains("entered");
    }

    @Test
    void waitsForADisabledSendButtonToBeEnabled() {
        FigPage page = open("<!doctype html><button id=send disabled onclick=\"log.textContent = 'sent'\">Send"
                + "</button><p id=log></p><script>setTimeout(() => send.disabled = false, 800)</script>");
        page.send();
        assertThat(page.text()).contains("sent");
    }

    @Test
    void attachesAFileThroughAHiddenInputByItsAcceptOrItsName() {
        String shows = " onchange=\"log.textContent = this.files[0].name + ' ' + this.files[0].size\"";
        FigPage hidden = open("<!doctype html><label for=photo class=fancy>📷</label><input id=photo type=file "
                + "accept=\"image/png,image/jpeg\" style=\"display:none\"" + shows + "><p id=log></p>");
        hidden.attach(FigPage.FileKind.IMAGE, APPLE);
        assertThat(hidden.text()).contains("apple.png " + APPLE.toFile().length());

        FigPage byName = open("<!doctype html><input type=file id=voice accept=\".wav\"" + shows.replace("log",
                "audioLog") + "><input type=file name=picture" + shows + "><p id=log></p><p id=audioLog></p>");
        byName.attach(FigPage.FileKind.IMAGE, APPLE);
        byName.attach(FigPage.FileKind.AUDIO, QUESTION);
        assertThat(byName.text()).contains("apple.png", "question.wav");
    }

    @Test
    void seesAudioPlayedInThePageOrByNewAudioAndNotAudioThatNeverPlays() {
        String wav = "data:audio/wav;base64," + spokenWav;
        FigPage element = open("<!doctype html><audio id=player controls></audio><button onclick=\"player.src = '"
                + wav + "'; player.play()\">Play</button>");
        assertThat(element.waitUntilPlayed(Duration.ofMillis(300))).as("not played yet").isFalse();
        assertThat(element.media()).singleElement().satisfies(m -> assertThat(m.describe()).contains("<audio> with no "
                + "source: paused"));
        browser.findElement(By.tagName("button")).click();
        assertThat(element.waitUntilPlayed(Duration.ofSeconds(10))).as("played by its element").isTrue();

        FigPage detached = open("<!doctype html><button onclick=\"new Audio('" + wav + "').play()\">Play</button>");
        browser.findElement(By.tagName("button")).click();
        assertThat(detached.waitUntilPlayed(Duration.ofSeconds(10))).as("played by new Audio()").isTrue();
        assertThat(detached.media()).singleElement().satisfies(m -> assertThat(m.describe()).startsWith(
                "new Audio() data:audio/wav;base64,"));

        FigPage never = open("<!doctype html><audio controls src=\"" + wav + "\"></audio>");
        assertThat(never.waitUntilPlayed(Duration.ofMillis(1500))).as("loaded, never played").isFalse();
    }

    @Test
    void readsTextRenderedOrPutInATextFieldButNotHiddenText() {
        FigPage page = open("<!doctype html><textarea readonly id=answer></textarea><p hidden>secret words</p>"
                + "<script>answer.value = 'Plums, 2 euros.'</script>");
        assertThat(page.shows("Plums, 2 euros.")).isTrue();
        assertThat(page.shows("secret words")).isFalse();
    }

    @Test
    void aMissingControlFailsNamingItAndWhatThePageShows() {
        FigPage page = open("<!doctype html><h1>Fig</h1><p>Coming soon.</p>");
        assertThatThrownBy(() -> page.attach(FigPage.FileKind.IMAGE, APPLE)).isInstanceOf(AssertionError.class)
                .hasMessage("the page has no file input for a photo (<input type=\"file\" accept=\"image/*\">); it "
                        + "shows: \"Fig Coming soon.\"");
        assertThatThrownBy(() -> page.type("hello")).hasMessageStartingWith("the page has no text box");
        assertThatThrownBy(page::tickSpeak).hasMessageStartingWith("the page has no speak checkbox");
        assertThatThrownBy(page::startRecording).hasMessageStartingWith("the page has no record button");
        assertThatThrownBy(page::send).hasMessageStartingWith("the page has no button to send the question");
    }

    @Test
    void ticksTheSpeakCheckboxByItsLabelOrThePagesOnlyCheckbox() {
        FigPage two = open("<!doctype html><label><input type=checkbox id=dark> Dark mode</label>"
                + "<label><input type=checkbox id=tts> Fig answers aloud</label>");
        two.tickSpeak();
        assertThat(browser.executeScript("return [dark.checked, tts.checked]")).isEqualTo(List.of(false, true));

        FigPage one = open("<!doctype html><input type=checkbox id=x style=\"opacity:0\">");
        one.tickSpeak();
        one.tickSpeak();
        assertThat(browser.executeScript("return x.checked")).isEqualTo(true);
    }

    private FigPage open(String html) {
        pages.put("/", html);
        browser.get(base + "/");
        return new FigPage(browser);
    }

    /** The stand-in app: the page at {@code /}; {@code POST /api/ask} kept and answered as Fig would answer. */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/api/ask") && exchange.getRequestMethod().equals("POST")) {
                byte[] form = exchange.getRequestBody().readAllBytes();
                asked.add(form);
                boolean voice = new String(form, StandardCharsets.ISO_8859_1).contains("name=\"audio\"");
                body = ("{\"sessionId\":\"x\",\"reply\":\"" + REPLY + "\"" + (voice ? ",\"transcript\":\"" + HEARD
                        + "\",\"audio\":\"" + spokenWav + "\"" : "") + "}").getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else if (pages.containsKey(path)) {
                body = pages.get(path).getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The bytes of the multipart form part named {@code name}. */
    static byte[] part(byte[] form, String name) {
        String text = new String(form, StandardCharsets.ISO_8859_1);
        String boundary = text.substring(0, text.indexOf("\r\n"));
        int header = text.indexOf("name=\"" + name + "\"");
        int start = text.indexOf("\r\n\r\n", header) + 4;
        int end = text.indexOf("\r\n" + boundary, start);
        return text.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A 16-bit mono 16 kHz WAV of a 440 Hz tone, {@code seconds} long, at {@code level} of full scale. */
    static byte[] tone(double seconds, double level) throws IOException {
        int rate = 16_000;
        int frames = (int) (seconds * rate);
        byte[] pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            short sample = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * level * Short.MAX_VALUE);
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, frames),
                AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static ChromeDriver chromium(Path profile, String... switches) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--user-data-dir=" + profile);
        options.addArguments(switches);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL); // what the page sent (PageRequests), as the runner's sessions
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
