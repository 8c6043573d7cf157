package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.PageRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Fig's page open in a real browser, used as a customer uses it: type, attach a file, tick "speak", record,
 * send, read what the page shows, and see whether it played audio. The controls are found as the brief's
 * page contract names them (README, {@code GET /}): any element of the right kind, named by its text,
 * {@code id}, {@code name}, {@code aria-label}, {@code title} or {@code <label>}, so that every reasonable
 * page passes. Methods that need a control the page lacks fail with a learner-facing message naming it.
 */
final class FigPage {

    /** A record button's name: "Record", "🎙", "mic"... (a regular expression, any case). */
    static final String RECORD = "record|\\bmic\\b|microphone|🎙|🎤";

    /** A stop button's name, when the page has one besides its record button. */
    static final String STOP = "stop|⏹|■";

    /** A send button's name, when it is not the form's submit button. */
    static final String SEND = "send|\\bask\\b|submit";

    /** A speak checkbox's name, when the page has more than one checkbox. */
    static final String SPEAK = "speak|aloud|voice|audio|hear|read|say";

    /** How often a wait looks again. */
    static final Duration POLL = Duration.ofMillis(100);

    /** How long a disabled send button may stay disabled (a page may enable it once the recording is encoded). */
    static final Duration SEND_ENABLED = Duration.ofSeconds(10);

    /** A file input for a kind of file ({@code image} or {@code audio}). */
    enum FileKind {
        IMAGE("image", "image/|\\.png|\\.jpe?g", "photo|image|picture|camera"),
        AUDIO("audio", "audio/|\\.wav", "audio|voice|recording|wav");

        final String word;
        final String accept;
        final String name;

        FileKind(String word, String accept, String name) {
            this.word = word;
            this.accept = accept;
            this.name = name;
        }
    }

    /** Shared by the scripts below: whether an element shows, and the names it goes by. */
    private static final String HELPERS = "const shown = e => e.getClientRects().length > 0"
            + " && getComputedStyle(e).visibility !== 'hidden';\n"
            + "const named = e => [e.innerText, e.type === 'submit' || e.type === 'button' ? e.value : '', e.id, e.name,"
            + " e.getAttribute('aria-label'), e.title, ...[...(e.labels || [])].map(l => l.innerText)]"
            + ".filter(Boolean).join(' ');\n"
            + "const buttons = () => [...document.querySelectorAll('button, input[type=button], input[type=submit],"
            + " [role=button]')].filter(shown);\n";

    /** The first shown button named by {@code arguments[0]} and not by {@code arguments[1]} (regular expressions). */
    private static final String BUTTON = HELPERS + "const yes = new RegExp(arguments[0], 'i');"
            + " const no = arguments[1] ? new RegExp(arguments[1], 'i') : null;\n"
            + "return buttons().find(b => yes.test(named(b)) && !(no && no.test(named(b)))) || null;";

    /** The first shown submit button not named by {@code arguments[0]} (a record button in a form is one too). */
    private static final String SUBMIT = HELPERS + "const no = new RegExp(arguments[0], 'i');\n"
            + "return buttons().find(b => b.type === 'submit' && !no.test(named(b))) || null;";

    /** The first shown text box. */
    private static final String TEXT_BOX = HELPERS + "return [...document.querySelectorAll('textarea, "
            + "input:not([type]), input[type=text], input[type=search]')].find(shown) || null;";

    /**
     * A file input whose {@code accept} matches {@code arguments[0]}, else one with no {@code accept} named by
     * {@code arguments[1]} (file inputs are often hidden behind a styled label, so shown or not).
     */
    private static final String FILE_INPUT = HELPERS + "const inputs = [...document.querySelectorAll("
            + "'input[type=file]')];\nconst accept = new RegExp(arguments[0], 'i'); const name = new RegExp(arguments[1],"
            + " 'i');\nreturn inputs.find(e => accept.test(e.accept || '')) || inputs.find(e => !e.accept"
            + " && name.test(named(e))) || null;";

    /** The speak checkbox: the one named like it, else the page's only checkbox. */
    private static final String CHECKBOX = HELPERS + "const boxes = [...document.querySelectorAll("
            + "'input[type=checkbox]')];\nconst speak = new RegExp(arguments[0], 'i');\n"
            + "return boxes.find(b => speak.test(named(b))) || (boxes.length === 1 ? boxes[0] : null);";

    /** What the page shows: its rendered text, and the values of its text fields (a reply may be put in one). */
    private static final String TEXT = "const parts = [document.body ? document.body.innerText : ''];\n"
            + "document.querySelectorAll('textarea, input:not([type]), input[type=text], output')"
            + ".forEach(e => parts.push(e.value || ''));\nreturn parts.join('\\n');";

    /**
     * Remembers every media element a script plays, in the page or not ({@code new Audio(...)}), so that
     * {@link #media()} sees them all. Installed after the page loads: its scripts call {@code play()} later.
     */
    private static final String WATCH_PLAY = "if (!window.__labkitPlayed) { window.__labkitPlayed = [];"
            + " const play = HTMLMediaElement.prototype.play;\n"
            + "HTMLMediaElement.prototype.play = function () { if (!window.__labkitPlayed.includes(this))"
            + " window.__labkitPlayed.push(this); return play.apply(this, arguments); }; }";

    /** Every audio or video element of the page and every one a script played, with how much of it played. */
    private static final String MEDIA = "const all = new Set([...document.querySelectorAll('audio, video'),"
            + " ...(window.__labkitPlayed || [])]);\nreturn [...all].map(m => { let played = 0;"
            + " for (let i = 0; i < m.played.length; i++) played += m.played.end(i) - m.played.start(i);\n"
            + "const src = m.currentSrc || m.src || '';\n"
            + "return {src: src.length > 50 ? src.slice(0, 50) + '...' : src, paused: m.paused, ended: m.ended,"
            + " currentTime: m.currentTime, duration: isFinite(m.duration) ? m.duration : -1, played: played,"
            + " error: m.error ? m.error.code : 0, inPage: m.isConnected}; });";

    private final WebDriver driver;
    private final JavascriptExecutor script;
    private final PageRequests requests;

    /**
     * @param driver a browser session showing the page, just opened (a {@link JavascriptExecutor}, as every
     *     Selenium driver; with Chromium's performance log, {@link #sent()} says what the page sent)
     */
    FigPage(WebDriver driver) {
        this.driver = driver;
        this.script = (JavascriptExecutor) driver;
        this.requests = PageRequests.of(driver);
        script.executeScript(WATCH_PLAY);
    }

    /**
     * The requests the page sent other than {@code GET}s (its calls to the API), for messages: {@code POST /api/ask,
     * POST /static/api/ask}; {@code "nothing"} when none, {@code "(not recorded)"} when the session keeps no
     * performance log.
     */
    String sent() {
        try {
            List<String> sent = requests.all().stream().filter(r -> !r.method().equalsIgnoreCase("GET"))
                    .map(r -> r.method() + " " + r.path()).toList();
            return sent.isEmpty() ? "nothing" : String.join(", ", sent);
        } catch (WebDriverException e) {
            return "(not recorded)";
        }
    }

    /** The record button, if the page has one (named {@link #RECORD}, and not {@link #STOP}). */
    Optional<WebElement> recordButton() {
        return element(BUTTON, RECORD, STOP);
    }

    /** The file input for {@code kind}, if the page has one. */
    Optional<WebElement> fileInput(FileKind kind) {
        return element(FILE_INPUT, kind.accept, kind.name);
    }

    /** Types {@code text} into the page's text box. */
    void type(String text) {
        WebElement box = element(TEXT_BOX).orElseThrow(() -> Expect.fail("the page has no text box to type the "
                + "question in (a <textarea> or an <input type=\"text\">); it shows: " + shown()));
        box.sendKeys(text);
    }

    /** Attaches {@code file} through the page's file input for {@code kind}, as a user picking it would. */
    void attach(FileKind kind, Path file) {
        WebElement input = fileInput(kind).orElseThrow(() -> Expect.fail("the page has no file input for "
                + (kind == FileKind.IMAGE ? "a photo (<input type=\"file\" accept=\"image/*\">)" : "audio (<input "
                + "type=\"file\" accept=\"audio/*\">)") + "; it shows: " + shown()));
        // Selenium gives a file input its file by path, also when a styled label hides the input.
        input.sendKeys(file.toAbsolutePath().toString());
    }

    /** Ticks the speak checkbox (leaves it ticked when it is). */
    void tickSpeak() {
        WebElement box = element(CHECKBOX, SPEAK).orElseThrow(() -> Expect.fail("the page has no speak checkbox "
                + "(<input type=\"checkbox\">, with a label, id or name saying speak or aloud when there are more "
                + "than one); it shows: " + shown()));
        if (!box.isSelected()) {
            click(box);
        }
        Expect.that(box.isSelected(), () -> "clicking the page's speak checkbox did not tick it");
    }

    /** Clicks the record button. */
    void startRecording() {
        click(recordButton().orElseThrow(() -> Expect.fail("the page has no record button (a button whose text, "
                + "id, aria-label or title says Record); it shows: " + shown())));
    }

    /** Clicks the stop button, or, when the page has none, the record button again. */
    void stopRecording() {
        Optional<WebElement> stop = element(BUTTON, STOP, "");
        click(stop.or(this::recordButton).orElseThrow(() -> Expect.fail("while recording, the page shows no stop "
                + "button and no record button to click again; it shows: " + shown())));
    }

    /**
     * Sends the question as a user would: the form's submit button, else a button named {@link #SEND}, once it
     * is enabled (a page may disable it while it encodes a recording); with neither, submits the text box's
     * form, or presses Enter in it.
     */
    void send() {
        Optional<WebElement> button = element(SUBMIT, RECORD + "|" + STOP).or(() -> element(BUTTON, SEND, RECORD
                + "|" + STOP));
        if (button.isPresent()) {
            WebElement send = button.get();
            Expect.that(within(SEND_ENABLED, send::isEnabled), () -> "the page's send button (\"" + name(send)
                    + "\") stayed disabled for " + SEND_ENABLED.toSeconds() + " s");
            click(send);
            return;
        }
        WebElement box = element(TEXT_BOX).orElseThrow(() -> Expect.fail("the page has no button to send the "
                + "question (a submit button, or a button saying Send or Ask) and no text box to press Enter in; it "
                + "shows: " + shown()));
        Object submitted = script.executeScript("const f = arguments[0].form; if (!f) return false;"
                + " f.requestSubmit(); return true;", box);
        if (!Boolean.TRUE.equals(submitted)) {
            box.sendKeys(Keys.ENTER);
        }
    }

    /** The text the page shows now, white space as rendered. */
    String text() {
        Object text = script.executeScript(TEXT);
        return text == null ? "" : text.toString();
    }

    /** Whether the page shows {@code text}, white space aside (a page may wrap or collapse it). */
    boolean shows(String text) {
        return Clip.normalised(text()).contains(Clip.normalised(text));
    }

    /** Waits at most {@code limit} for the page to show every one of {@code texts}; whether it did. */
    boolean waitUntilShows(Duration limit, String... texts) {
        return within(limit, () -> List.of(texts).stream().allMatch(this::shows));
    }

    /** How much of the page's text a message shows. */
    static final int SHOWN = 400;

    /** What the page shows, for messages: its text, white space collapsed, shortened to {@value #SHOWN} characters. */
    String shown() {
        String text = Clip.normalised(text());
        return text.isEmpty() ? "(nothing)" : "\"" + (text.length() <= SHOWN ? text : text.substring(0, SHOWN)
                + "… (" + text.length() + " chars)") + "\"";
    }

    /** Every audio or video element of the page, and every one its scripts played. */
    List<Media> media() {
        Object found = script.executeScript(MEDIA);
        List<Media> media = new ArrayList<>();
        if (found instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    media.add(new Media(String.valueOf(m.get("src")), Boolean.TRUE.equals(m.get("paused")),
                            Boolean.TRUE.equals(m.get("ended")), number(m.get("currentTime")),
                            number(m.get("duration")), number(m.get("played")), (int) number(m.get("error")),
                            Boolean.TRUE.equals(m.get("inPage"))));
                }
            }
        }
        return media;
    }

    /** Waits at most {@code limit} for an audio element to have played some of its audio; whether one did. */
    boolean waitUntilPlayed(Duration limit) {
        return within(limit, () -> media().stream().anyMatch(Media::hasPlayed));
    }

    /**
     * An audio or video element as the page has it ({@code HTMLMediaElement}), times in seconds.
     *
     * @param played how much of it has played (its {@code played} ranges, added up)
     * @param error its {@code MediaError} code, 0 when none (4: the source could not be played)
     * @param inPage whether it is in the page ({@code false} for a {@code new Audio(...)} a script played)
     */
    record Media(String src, boolean paused, boolean ended, double currentTime, double duration, double played,
            int error, boolean inPage) {

        boolean hasPlayed() {
            return played > 0 || (!paused && currentTime > 0);
        }

        String describe() {
            return String.format(Locale.ROOT, "%s%s: %s, at %.1f s of %s, played %.1f s%s", inPage ? "<audio>"
                    : "new Audio()", src.isEmpty() ? " with no source" : " " + src, ended ? "ended" : paused
                    ? "paused" : "playing", currentTime, duration < 0 ? "an unknown length" : String.format(Locale.ROOT,
                    "%.1f s", duration), played, error == 0 ? "" : ", media error " + error);
        }
    }

    /** Waits at most {@code limit} for {@code condition}; whether it came true. */
    static boolean within(Duration limit, BooleanSupplier condition) {
        try {
            return new FluentWait<>(condition).withTimeout(limit).pollingEvery(POLL)
                    .until(c -> c.getAsBoolean() ? Boolean.TRUE : null);
        } catch (TimeoutException e) {
            return condition.getAsBoolean();
        }
    }

    /** A user's click; a control covered or styled out of reach is clicked by script, as its label would. */
    private void click(WebElement element) {
        try {
            element.click();
        } catch (ElementNotInteractableException e) {
            script.executeScript("arguments[0].click();", element);
        }
    }

    private String name(WebElement element) {
        Object name = script.executeScript(HELPERS + "return named(arguments[0]);", element);
        return name == null ? "" : Clip.clip(name.toString().strip());
    }

    private Optional<WebElement> element(String finder, Object... arguments) {
        Object found = script.executeScript(finder, arguments);
        return found instanceof WebElement element ? Optional.of(element) : Optional.empty();
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/static/index.html} after a redirect. */
    String url() {
        return driver.getCurrentUrl();
    }
}
