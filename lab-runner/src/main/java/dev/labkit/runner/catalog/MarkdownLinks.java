package dev.labkit.runner.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link targets of a Markdown text: inline links and images ({@code [text](target "title")}) and
 * reference definitions ({@code [id]: target}), outside code blocks and code spans. Enough Markdown
 * for briefs and docs, not a full CommonMark parser (no HTML {@code <a href>}).
 */
final class MarkdownLinks {

    /**
     * One link target.
     *
     * @param start where the target's text starts in the Markdown (its {@code <} when bracketed)
     * @param end where it ends (exclusive)
     * @param target the target as written, without angle brackets: {@code ../../docs/x.md#anchor}
     */
    record Link(int start, int end, String target) {

        private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

        /** Whether the target is a path relative to the file's folder (not a URL, an anchor or an absolute path). */
        boolean isRelative() {
            return !target.isEmpty() && !target.startsWith("#") && !target.startsWith("/")
                    && !SCHEME.matcher(target).find();
        }

        /** The target's path, decoded ({@code %20} is a space), without its anchor or query. */
        String path() {
            String path = target.replaceFirst("[#?].*$", "");
            if (!path.contains("%")) {
                return path;
            }
            try {
                return new URI(path.replace(" ", "%20")).getPath();
            } catch (URISyntaxException e) {
                return path; // a % that is not an escape: the name as written
            }
        }

        /** The anchor with its {@code #}, or "" when there is none. */
        String anchor() {
            int hash = target.indexOf('#');
            return hash < 0 ? "" : target.substring(hash);
        }
    }

    // ](target) or ](<target>) with an optional title; a target may hold balanced parentheses.
    private static final Pattern INLINE = Pattern.compile(
            "\\]\\(\\s*(<[^>\\n]*>|(?:[^\\s()]|\\([^\\s()]*\\))*)(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^)]*\\)))?\\s*\\)");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+\\]:[ \\t]*(<[^>\\n]*>|\\S+)");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    private MarkdownLinks() {}

    /** The links of {@code markdown}, in the order they appear. */
    static List<Link> in(String markdown) {
        boolean[] code = codeMask(markdown);
        List<Link> links = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE, DEFINITION)) {
            Matcher m = pattern.matcher(markdown);
            while (m.find()) {
                if (code[m.start()] || m.group(1).isEmpty()) {
                    continue;
                }
                String raw = m.group(1);
                boolean bracketed = raw.startsWith("<");
                links.add(new Link(m.start(1), m.end(1), bracketed ? raw.substring(1, raw.length() - 1) : raw));
            }
        }
        links.sort(Comparator.comparingInt(Link::start));
        return links;
    }

    /**
     * {@code markdown} with each link's target replaced by {@code newTarget.apply(link)}; a target
     * with spaces or parentheses is written in angle brackets.
     */
    static String rewrite(String markdown, Function<Link, String> newTarget) {
        StringBuilder text = new StringBuilder(markdown);
        List<Link> links = in(markdown);
        for (int i = links.size() - 1; i >= 0; i--) {
            Link link = links.get(i);
            String target = newTarget.apply(link);
            if (!target.equals(link.target())) {
                text.replace(link.start(), link.end(), target.matches(".*[\\s()<>].*") ? "<" + target + ">" : target);
            }
        }
        return text.toString();
    }

    /** Marks each character inside a fenced code block or a code span. */
    private static boolean[] codeMask(String markdown) {
        boolean[] code = new boolean[markdown.length() + 1];
        String fence = null;
        int lineStart = 0;
        while (lineStart < markdown.length()) {
            int lineEnd = markdown.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? markdown.length() : lineEnd;
            String line = markdown.substring(lineStart, lineEnd);
            Matcher opening = FENCE.matcher(line);
            boolean fenceLine = opening.find();
            if (fence != null || fenceLine) {
                Arrays.fill(code, lineStart, lineEnd, true);
                if (fence == null) {
                    fence = opening.group(1);
                } else if (fenceLine && opening.group(1).charAt(0) == fence.charAt(0)
                        && opening.group(1).length() >= fence.length() && line.strip().equals(opening.group(1))) {
                    fence = null;
                }
            }
            lineStart = lineEnd + 1;
        }
        markCodeSpans(markdown, code);
        return code;
    }

    /** A run of n backticks opens a code span that the next run of exactly n backticks closes. */
    private static void markCodeSpans(String markdown, boolean[] code) {
        int i = 0;
        while (i < markdown.length()) {
            if (code[i] || markdown.charAt(i) != '`') {
                i++;
                continue;
            }
            int run = runLength(markdown, i);
            int close = i + run;
            // A span ends in its paragraph: a lone backtick does not hide the links of the paragraphs after it.
            int paragraphEnd = markdown.indexOf("\n\n", i);
            int limit = paragraphEnd < 0 ? markdown.length() : paragraphEnd;
            while (close < limit && !(markdown.charAt(close) == '`' && runLength(markdown, close) == run
                    && markdown.charAt(close - 1) != '`')) {
                close++;
            }
            if (close >= limit) {
                i += run; // no closing run: plain backticks
                continue;
            }
            Arrays.fill(code, i, close + run, true);
            i = close + run;
        }
    }

    private static int runLength(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) == '`') {
            end++;
        }
        return end - from;
    }
}
