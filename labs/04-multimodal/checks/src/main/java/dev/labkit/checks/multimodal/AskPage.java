package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppPage;
import dev.labkit.checks.sdk.AppResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lab 04's page as a browser loads it: {@code GET /} (redirects within the app followed), and the
 * scripts the page loads from the app with {@code <script src>}. What the brief asks of the page is
 * looked for in the page and in its scripts alike, as markup (also inside a script's template) or as
 * an element a script makes (DOM {@code createElement}, React/Preact {@code jsx}/{@code h}).
 *
 * @param loaded the page and its scripts, as the SDK's {@link AppPage} loads them
 */
record AskPage(AppPage loaded) {


    private static final Pattern INPUT_TAG = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPE_ATTRIBUTE = Pattern.compile(
            "\\stype\\s*=\\s*[\"']?([\\w-]+)", Pattern.CASE_INSENSITIVE);
    /** An element a script makes: {@code createElement("x")}, {@code jsx("x", ...)}, {@code h("x", ...)}. */
    private static final String MADE = "(?:createElement\\w*|jsxs?|\\bh)\\(\\s*[\"'`]";
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b|" + MADE + "(?:textarea|input)[\"'`]",
            Pattern.CASE_INSENSITIVE);
    /** An {@code accept} attribute or property, in markup or in a script: its value. */
    private static final Pattern ACCEPT = Pattern.compile(
            "\\baccept[\"'`]?\\s*[=:,]\\s*(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`|([^\\s>\"'`]+))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RECORDING = Pattern.compile("\\bMediaRecorder\\b|\\bgetUserMedia\\b");
    /** A checkbox: {@code type="checkbox"}, {@code type: "checkbox"}, {@code setAttribute("type", "checkbox")}. */
    private static final Pattern CHECKBOX = Pattern.compile("\\btype[\"'`]?\\s*[=:,]\\s*[\"'`]?checkbox\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUDIO_ELEMENT = Pattern.compile(
            "<audio\\b|" + MADE + "audio[\"'`]|\\bnew\\s+Audio\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final String API = "api/ask";

    static AskPage load(AppClient app) {
        return new AskPage(AppPage.load(app));
    }

    /** The answer to {@code GET /}, after redirects. */
    AppResponse page() {
        return loaded.page();
    }

    Map<String, String> scripts() {
        return loaded.scripts();
    }

    List<String> unread() {
        return loaded.unread();
    }

    /** A text box: a {@code <textarea>}, or an {@code <input>} of type text or search (or no type). */
    boolean hasTextBox() {
        return anyText(text -> TEXTAREA.matcher(text).find()
                || inputTypes(text).stream().anyMatch(type -> type.isEmpty() || type.equals("text")
                        || type.equals("search")));
    }

    /** A file input for images: an {@code accept} naming {@code image/} types. */
    boolean acceptsImages() {
        return anyText(text -> accepts(text, "image/"));
    }

    /** A way to give audio: recording ({@code MediaRecorder}, {@code getUserMedia}) or a file input for audio. */
    boolean takesAudio() {
        return anyText(text -> RECORDING.matcher(text).find() || accepts(text, "audio/"));
    }

    /** A checkbox (for {@code speak}). */
    boolean hasCheckbox() {
        return anyText(text -> CHECKBOX.matcher(text).find()
                || inputTypes(text).contains("checkbox"));
    }

    /** An audio player: an {@code <audio>} element, made in markup or by a script, or {@code new Audio(...)}. */
    boolean playsAudio() {
        return anyText(text -> AUDIO_ELEMENT.matcher(text).find());
    }

    /** Whether the page or its scripts name {@code /api/ask} (or a relative {@code api/ask}). */
    boolean callsTheApi() {
        return anyText(text -> text.toLowerCase(Locale.ROOT).contains(API));
    }

    /** What the brief asks of the page and this page lacks, in the brief's words; empty when nothing. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!hasTextBox()) {
            missing.add("a text box (<textarea> or <input type=\"text\">)");
        }
        if (!acceptsImages()) {
            missing.add("a file input for an image (<input type=\"file\" accept=\"image/*\">)");
        }
        if (!takesAudio()) {
            missing.add("a way to record audio (MediaRecorder) or to upload it (<input type=\"file\" "
                    + "accept=\"audio/*\">)");
        }
        if (!hasCheckbox()) {
            missing.add("a speak checkbox (<input type=\"checkbox\">)");
        }
        if (!playsAudio()) {
            missing.add("an <audio> element to play the spoken reply");
        }
        if (!callsTheApi()) {
            missing.add("a call to /api/ask");
        }
        return missing;
    }

    /** What was read, for messages: the page's way and the scripts' paths. */
    String describe() {
        return loaded.describe();
    }

    private static boolean accepts(String text, String type) {
        Matcher matcher = ACCEPT.matcher(text);
        while (matcher.find()) {
            if (first(matcher).toLowerCase(Locale.ROOT).contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** The type of every {@code <input>} tag, lower case; {@code ""} for one with no type (a text box). */
    private static List<String> inputTypes(String text) {
        List<String> types = new ArrayList<>();
        Matcher tags = INPUT_TAG.matcher(text);
        while (tags.find()) {
            Matcher type = TYPE_ATTRIBUTE.matcher(tags.group());
            types.add(type.find() ? type.group(1).toLowerCase(Locale.ROOT) : "");
        }
        return types;
    }

    private boolean anyText(Predicate<String> test) {
        return loaded.anyText(test);
    }

    /** The first group that matched. */
    private static String first(Matcher matcher) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        return "";
    }
}
