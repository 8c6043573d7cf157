package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lab 04's page as a browser loads it: {@code GET /} (redirects within the app followed), and the
 * scripts the page loads from the app with {@code <script src>}. What the brief asks of the page is
 * looked for in the page and in its scripts alike, as markup (also inside a script's template) or as
 * an element a script makes (DOM {@code createElement}, React/Preact {@code jsx}/{@code h}).
 *
 * @param page the answer to {@code GET /}, after redirects
 * @param scripts the text of each script the page loads from the app, by path, in page order
 * @param unread the scripts named by the page that were not read (elsewhere, or not 200), with why
 */
record AskPage(AppResponse page, Map<String, String> scripts, List<String> unread) {

    /** The most scripts read from one page. */
    static final int MAX_SCRIPTS = 10;

    private static final Pattern SCRIPT_SRC = Pattern.compile(
            "<script\\b[^>]*?\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);
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

    AskPage {
        scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
        unread = List.copyOf(unread);
    }

    static AskPage load(AppClient app) {
        AppResponse page = app.getFollowingRedirects("/");
        Map<String, String> scripts = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        if (page.status() != 200) {
            return new AskPage(page, scripts, unread);
        }
        URI address = app.baseUrl().resolve(path(page));
        for (String src : scriptSources(page.body())) {
            Optional<String> path = resolve(address, src).flatMap(app::pathInApp);
            if (path.isEmpty()) {
                unread.add(src + " (not served by the app)");
            } else if (scripts.size() >= MAX_SCRIPTS) {
                unread.add(src + " (more than " + MAX_SCRIPTS + " scripts)");
            } else if (!scripts.containsKey(path.get())) {
                AppResponse script = app.get(path.get());
                if (script.status() == 200) {
                    scripts.put(path.get(), script.body());
                } else {
                    unread.add(src + " (GET " + path.get() + " answered " + script.status() + ")");
                }
            }
        }
        return new AskPage(page, scripts, unread);
    }

    /** The {@code src} of every {@code <script>} of {@code html}, in order, as written. */
    static List<String> scriptSources(String html) {
        List<String> sources = new ArrayList<>();
        Matcher matcher = SCRIPT_SRC.matcher(html);
        while (matcher.find()) {
            String src = first(matcher);
            if (!src.isBlank()) {
                sources.add(src.strip().replace("&amp;", "&"));
            }
        }
        return sources;
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
        String read = page.request() + (scripts.isEmpty() ? " (no script loaded from the app)"
                : " and the scripts it loads: " + String.join(", ", scripts.keySet()));
        return unread.isEmpty() ? read : read + "; not read: " + String.join(", ", unread);
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
        if (test.test(page.body())) {
            return true;
        }
        return scripts.values().stream().anyMatch(test);
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

    /** The path the page finally came from: {@code GET / -> /static/index.html} gives the last one. */
    private static String path(AppResponse page) {
        String way = page.request();
        int arrow = way.lastIndexOf(" -> ");
        return arrow >= 0 ? way.substring(arrow + 4) : way.substring(way.indexOf(' ') + 1);
    }

    private static Optional<URI> resolve(URI base, String reference) {
        try {
            return Optional.of(base.resolve(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
