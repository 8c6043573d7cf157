package dev.labkit.runner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownLinksTests {

    private static List<String> targets(String markdown) {
        return MarkdownLinks.in(markdown).stream().map(MarkdownLinks.Link::target).toList();
    }

    @Test
    void findsInlineLinksImagesAndReferenceDefinitionsInOrder() {
        String markdown = """
                See [the lab model](../../docs/lab-model.md) and ![a chart](img/chart.png "Chart").
                Read [the full
                contract](../../docs/environment.md#start-and-health), [spaces](<my notes.md>).
                [errors]: #errors
                A [site](https://javalin.io) and [a (parenthesised) target](a_(b).md).
                """;

        assertThat(targets(markdown)).containsExactly("../../docs/lab-model.md", "img/chart.png",
                "../../docs/environment.md#start-and-health", "my notes.md", "#errors", "https://javalin.io", "a_(b).md");
    }

    @Test
    void leavesOutLinksInCodeBlocksAndCodeSpans() {
        String markdown = """
                `[not](a.md)` and ``[nor](b.md)``, but [this](c.md).

                ```markdown
                [not](d.md)
                ```
                ~~~
                [nor](e.md)
                ~~~
                A lone ` backtick.

                [and](f.md)
                """;

        assertThat(targets(markdown)).containsExactly("c.md", "f.md");
    }

    @Test
    void tellsRelativePathsFromUrlsAnchorsAndAbsolutePaths() {
        assertThat(MarkdownLinks.in("[a](docs/x.md#y) [b](https://x.org) [c](#y) [d](/etc/x) [e](mailto:a@b.c)")
                .stream().filter(MarkdownLinks.Link::isRelative).map(MarkdownLinks.Link::target))
                .containsExactly("docs/x.md#y");
    }

    @Test
    void splitsATargetIntoItsDecodedPathAndItsAnchor() {
        MarkdownLinks.Link link = MarkdownLinks.in("[a](docs/my%20notes.md#the-build)").get(0);

        assertThat(link.path()).isEqualTo("docs/my notes.md");
        assertThat(link.anchor()).isEqualTo("#the-build");
    }

    @Test
    void rewritesTargetsAndBracketsThoseWithSpaces() {
        String rewritten = MarkdownLinks.rewrite("[a](x.md#y) [b](https://x.org) `[c](x.md)`",
                link -> link.target().startsWith("x.md") ? "/my docs/x.md" + link.anchor() : link.target());

        assertThat(rewritten).isEqualTo("[a](</my docs/x.md#y>) [b](https://x.org) `[c](x.md)`");
    }
}
