package dev.labkit.checks.chatbot;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lab 01's chat page as a browser loads it: {@code GET /} (redirects within the app followed),
 * and the scripts the page loads from the app with {@code <script src>}. The brief's {@code GET /}
 * section states what is looked for, in these words.
 *
 * @param page the answer to {@code GET /}, after redirects
 * @param scripts the text of each script the page loads from the app, by path, in page order
 * @param unread the scripts named by the page that were not read (elsewhere, or not 200), with why
 */
record ChatPage(AppResponse page, Map<String, String> scripts, List<String> unread) {

    /** The most scripts read from one page: a chat page has one or two. */
    static final int MAX_SCRIPTS = 10;

    private static final Pattern SCRIPT_SRC = Pattern.compile(
            "<script\\b[^>]*?\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);
    /** Markup in the page or in a script's template, or an element a script makes (DOM, React/Preact, Vue). */
    private static final Pattern TEXT_BOX = Pattern.compile(
            "<(?:textarea|input)\\b|(?:createElement\\w*|jsxs?|\\bh)\\(\\s*[\"'`](?:textarea|input)[\"'`]",
            Pattern.CASE_INSENSITIVE);
    private static final String API = "api/chat";

    ChatPage {
        scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
        unread = List.copyOf(unread);
    }

    static ChatPage load(AppClient app) {
        AppResponse page = app.getFollowingRedirects("/");
        Map<String, String> scripts = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        if (page.status() != 200) {
            return new ChatPage(page, scripts, unread);
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
        return new ChatPage(page, scripts, unread);
    }

    /** The {@code src} of every {@code <script>} of {@code html}, in order, as written. */
    static List<String> scriptSources(String html) {
        List<String> sources = new ArrayList<>();
        Matcher matcher = SCRIPT_SRC.matcher(html);
        while (matcher.find()) {
            String src = matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            if (!src.isBlank()) {
                sources.add(src.strip().replace("&amp;", "&"));
            }
        }
        return sources;
    }

    /** Whether the page or its scripts have a text box: {@code <textarea>}/{@code <input>} markup, or one a script makes. */
    boolean hasTextBox() {
        return texts().stream().anyMatch(text -> TEXT_BOX.matcher(text).find());
    }

    /** Whether the page or its scripts name the API, {@code /api/chat} or {@code /api/chat/stream} (or relative). */
    boolean callsTheApi() {
        return texts().stream().anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(API));
    }

    /** What was read, for messages: the page's way and the scripts' paths. */
    String describe() {
        String read = page.request() + (scripts.isEmpty() ? " (no script loaded from the app)"
                : " and the scripts it loads: " + String.join(", ", scripts.keySet()));
        return unread.isEmpty() ? read : read + "; not read: " + String.join(", ", unread);
    }

    private List<String> texts() {
        List<String> texts = new ArrayList<>();
        texts.add(page.body());
        texts.addAll(scripts.values());
        return texts;
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
