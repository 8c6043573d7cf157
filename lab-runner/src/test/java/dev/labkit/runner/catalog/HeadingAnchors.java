package dev.labkit.runner.catalog;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The anchors GitHub gives a Markdown file's headings ({@code ## The build} -> {@code #the-build}), for link tests. */
final class HeadingAnchors {

    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+(.*?)[ \\t#]*$");
    private static final Pattern FENCED = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");

    private HeadingAnchors() {}

    /** The anchors of {@code markdown}, with their {@code #}; repeated headings get -1, -2... as on GitHub. */
    static Set<String> of(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(FENCED.matcher(markdown).replaceAll(""));
        while (heading.find()) {
            String slug = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase()
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add("#" + (count == 1 ? slug : slug + "-" + (count - 1)));
        }
        return anchors;
    }
}
