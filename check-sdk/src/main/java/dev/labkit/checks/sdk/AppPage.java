package dev.labkit.checks.sdk;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's web page as a browser loads it, without running it: {@code GET /} (redirects within the
 * app followed, see {@link AppClient#getFollowingRedirects}) and the scripts the page loads from the
 * app with {@code <script src>}, so that a check can look for what a brief asks of the page in the
 * markup and in the scripts alike.
 *
 * @param page the answer to {@code GET /}, after redirects
 * @param scripts the text of each script the page loads from the app, by path, in page order (at most
 *     {@value #MAX_SCRIPTS})
 * @param unread the scripts named by the page that were not read (elsewhere, not 200, or too many), with why
 */
public record AppPage(AppResponse page, Map<String, String> scripts, List<String> unread) {

    /** The most scripts read from one page: a lab's page has one or two. */
    public static final int MAX_SCRIPTS = 10;

    private static final Pattern SCRIPT_SRC = Pattern.compile(
            "<script\\b[^>]*?\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);

    public AppPage {
        scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
        unread = List.copyOf(unread);
    }

    /** Loads {@code GET /} and, when it answers 200, the scripts it loads from the app. */
    public static AppPage load(AppClient app) {
        AppResponse page = app.getFollowingRedirects("/");
        Map<String, String> scripts = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        if (page.status() != 200) {
            return new AppPage(page, scripts, unread);
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
        return new AppPage(page, scripts, unread);
    }

    /** The {@code src} of every {@code <script>} of {@code html}, in order, as written ({@code &amp;} decoded). */
    public static List<String> scriptSources(String html) {
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

    /** The page's body and every script read, in order. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        texts.add(page.body());
        texts.addAll(scripts.values());
        return texts;
    }

    /** Whether the page or one of its scripts passes {@code test}. */
    public boolean anyText(Predicate<String> test) {
        return texts().stream().anyMatch(test);
    }

    /** What was read, for messages: the page's way and the scripts' paths, and what was not read. */
    public String describe() {
        String read = page.request() + (scripts.isEmpty() ? " (no script loaded from the app)"
                : " and the scripts it loads: " + String.join(", ", scripts.keySet()));
        return unread.isEmpty() ? read : read + "; not read: " + String.join(", ", unread);
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
