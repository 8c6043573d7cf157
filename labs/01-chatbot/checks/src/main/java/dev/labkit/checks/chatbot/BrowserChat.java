package dev.labkit.checks.chatbot;

import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.PageRequests;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Lab 01's chat page, used as a person would in a real browser: type into its text box, send with Enter or, when
 * Enter sends nothing, with its send button; read what the page shows. It accepts every page the brief allows: a
 * {@code <textarea>} or a text {@code <input>}, written in the page or made by its script; Enter or a button; the
 * reply in any element.
 */
final class BrowserChat {

    /** How long a page may take, after Enter or a click, to send its request to the app. */
    static final Duration SEND_LIMIT = Duration.ofSeconds(3);

    /** How long a page may take to show a reply once the model answered (build it, render it). */
    static final Duration SHOW_LIMIT = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(100);

    /** How long a text area that took Enter as a line break is given to send anyway (a script on keyup, say). */
    private static final Duration ENTER_GRACE = Duration.ofMillis(500);

    private static boolean lineBreakIn(WebElement box) {
        try {
            return Optional.ofNullable(box.getDomProperty("value")).orElse("").contains("\n");
        } catch (WebDriverException e) {
            return false; // gone: the page rebuilt its form, maybe because it sent
        }
    }

    /** What a send button may say (its text, value, aria-label or title), in English as the brief's page is. */
    private static final Pattern SEND_WORDS = Pattern.compile("send|ask|submit|go|chat|post|→|➤|▶|↑|⏎",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** What a button that is not the send button says: the page's reset and the like. */
    private static final Pattern OTHER_WORDS = Pattern.compile("new|reset|clear|delete|forget|stop|cancel|attach",
            Pattern.CASE_INSENSITIVE);

    private final WebDriver page;
    private final PageRequests requests;

    BrowserChat(WebDriver page) {
        this.page = page;
        this.requests = PageRequests.of(page);
    }

    /** The requests this page sent to the chat API ({@code POST /api/chat} or {@code /api/chat/stream}), in order. */
    List<PageRequests.Sent> chatRequests() {
        return requests.to("POST", "/api/chat");
    }

    /**
     * Types {@code message} into the page's text box and sends it: Enter first; when the page sends nothing to the
     * app within {@link #SEND_LIMIT}, the message typed again and the send button clicked.
     */
    void send(String message) {
        WebElement typedInto = textBox();
        int before = requests.to("POST", "/").size();
        typedInto.clear();
        typedInto.sendKeys(message);
        typedInto.sendKeys(Keys.ENTER);
        // A text area whose script does not take Enter gets a line break instead: then the button, without waiting.
        long pressed = System.nanoTime();
        boolean enterTyped = typedInto.getTagName().equalsIgnoreCase("textarea");
        waitFor(SEND_LIMIT, () -> requests.to("POST", "/").size() > before
                || enterTyped && System.nanoTime() - pressed > ENTER_GRACE.toNanos() && lineBreakIn(typedInto));
        if (requests.to("POST", "/").size() > before) {
            return;
        }
        Optional<WebElement> button = sendButton(typedInto);
        Expect.that(button.isPresent(), () -> "typed \"" + message + "\" into the page's text box (" + describe(typedInto)
                + ") and pressed Enter, but the page sent nothing to the app within " + SEND_LIMIT.toSeconds()
                + " s, and it has no send button (a <button> or <input type=submit> next to the text box, or one "
                + "that says Send)");
        WebElement box = textBox();
        box.clear();
        box.sendKeys(message);
        button.get().click();
        WebElement clicked = button.get();
        Expect.that(waitFor(SEND_LIMIT, () -> requests.to("POST", "/").size() > before), () -> "typed \""
                + message + "\" into the page's text box (" + describe(box) + "), pressed Enter, then clicked "
                + describe(clicked) + ", but the page sent nothing to the app within " + SEND_LIMIT.toSeconds()
                + " s: its script should POST the message to /api/chat or /api/chat/stream");
    }

    /** Waits up to {@code limit} for {@code text} (its words, whitespace collapsed) to show in the page. */
    boolean waitForText(String text, Duration limit) {
        String wanted = collapse(text);
        return waitFor(limit, () -> collapse(visibleText()).contains(wanted));
    }

    /** What the page shows, as a user reads it (its rendered text). */
    String visibleText() {
        try {
            return page.findElement(By.tagName("body")).getText();
        } catch (WebDriverException e) {
            return "";
        }
    }

    /** The page's text, collapsed and cut, for messages. */
    String shownForMessages() {
        String shown = collapse(visibleText());
        return shown.isEmpty() ? "(nothing)" : "\"" + (shown.length() > 400 ? shown.substring(0, 400) + "…" : shown)
                + "\"";
    }

    /**
     * The text box a user types into: the first visible, enabled {@code <textarea>}, else the first visible,
     * enabled text {@code <input>} (type text, search or none).
     */
    WebElement textBox() {
        Optional<WebElement> box = usable(page.findElements(By.tagName("textarea")));
        if (box.isEmpty()) {
            box = usable(page.findElements(By.cssSelector(
                    "input:not([type]), input[type=text], input[type=search], input[type='']")));
        }
        return box.orElseThrow(() -> Expect.fail("the page at / shows no text box to type a message into (a "
                + "visible, enabled <textarea> or <input type=text>); it shows: " + shownForMessages()));
    }

    private static Optional<WebElement> usable(List<WebElement> elements) {
        return elements.stream().filter(e -> e.isDisplayed() && e.isEnabled() && e.getAttribute("readonly") == null)
                .findFirst();
    }

    /**
     * The send button: the text box's form's submit button, else a visible button that says send (or the like), else
     * the only visible button that does not say reset (or the like).
     */
    private Optional<WebElement> sendButton(WebElement box) {
        List<WebElement> buttons = page.findElements(By.cssSelector(
                "button, input[type=submit], input[type=button], [role=button]")).stream()
                .filter(b -> b.isDisplayed() && b.isEnabled()).toList();
        Optional<WebElement> submit = buttons.stream().filter(b -> isSubmitOf(b, box)).findFirst();
        if (submit.isPresent()) {
            return submit;
        }
        Optional<WebElement> saysSend = buttons.stream().filter(b -> SEND_WORDS.matcher(label(b)).find()
                && !OTHER_WORDS.matcher(label(b)).find()).findFirst();
        if (saysSend.isPresent()) {
            return saysSend;
        }
        List<WebElement> others = buttons.stream().filter(b -> !OTHER_WORDS.matcher(label(b)).find()).toList();
        return others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty();
    }

    /** A submit button (a {@code <button>} without a type is one) of the text box's form. */
    private static boolean isSubmitOf(WebElement button, WebElement box) {
        String type = Optional.ofNullable(button.getDomProperty("type")).orElse("").toLowerCase(Locale.ROOT);
        return type.equals("submit") && sameForm(button, box);
    }

    private static boolean sameForm(WebElement button, WebElement box) {
        try {
            WebElement boxForm = box.findElement(By.xpath("ancestor::form[1]"));
            WebElement buttonForm = button.findElement(By.xpath("ancestor::form[1]"));
            return boxForm.equals(buttonForm);
        } catch (WebDriverException e) {
            return false;
        }
    }

    private static String label(WebElement button) {
        return String.join(" ", button.getText(), attribute(button, "value"), attribute(button, "aria-label"),
                attribute(button, "title")).strip();
    }

    private static String attribute(WebElement element, String name) {
        return Optional.ofNullable(element.getAttribute(name)).orElse("");
    }

    private static String describe(WebElement element) {
        String label = element.getTagName().equals("textarea") || element.getTagName().equals("input")
                ? attribute(element, "id") : label(element);
        return "<" + element.getTagName() + (label.isBlank() ? "" : " " + quote(label)) + ">";
    }

    private static String collapse(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** Polls {@code condition} every 100 ms (Selenium's FluentWait) until it holds or {@code limit} passed. */
    boolean waitFor(Duration limit, BooleanSupplier condition) {
        try {
            return new FluentWait<>(page).withTimeout(limit).pollingEvery(POLL).until(p -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
}
