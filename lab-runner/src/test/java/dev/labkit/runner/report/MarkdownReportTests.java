package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.node.Code;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * The Markdown report, read as GitHub-flavored Markdown (commonmark-java with GFM tables) on real gradings of
 * lab 01's solution and its broken variant.
 */
class MarkdownReportTests {

    private static final Parser GFM = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    @Test
    void opensWithTheScoreAndHasOneTableRowPerCheckWithPointsAndStatus() {
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken())) {
            Node page = GFM.parse(GradedSamples.render(new MarkdownReport(Visibility.LEARNER), result));

            Heading title = (Heading) page.getFirstChild();
            assertThat(text(title)).isEqualTo("Lab 01-chatbot: " + result.score() + "/" + result.maxScore() + " ("
                    + result.status().id() + ")");
            List<List<String>> rows = rows(only(page, TableBlock.class));
            assertThat(rows).hasSize(result.checks().size());
            for (int i = 0; i < rows.size(); i++) {
                CheckResult check = result.checks().get(i);
                assertThat(rows.get(i)).containsExactly(check.id(), check.title(),
                        check.points() + "/" + check.maxPoints(), statusCell(check.status()));
            }
        }
    }

    @Test
    void aPassingSolutionHasNoFailureSection() {
        GradeResult solution = GradedSamples.solution();
        String md = GradedSamples.render(new MarkdownReport(Visibility.LEARNER), solution);

        // 100/100, or 115/115 where a browser ran lab 01's browser checks.
        assertThat(solution.score()).isEqualTo(solution.maxScore());
        assertThat(md).contains("Score: " + solution.score() + "/" + solution.maxScore())
                .doesNotContain("### Failed checks", "Diagnosis");
    }

    @Test
    void eachFailedCheckShowsItsMessageInACodeBlockItsHintAndTheDiagnosisComesFirst() {
        GradeResult result = GradedSamples.broken();
        String md = GradedSamples.render(new MarkdownReport(Visibility.LEARNER), result);
        Node page = GFM.parse(md);

        List<CheckResult> failed = result.checks().stream().filter(c -> c.status() == CheckStatus.FAILED).toList();
        assertThat(failed).hasSizeGreaterThanOrEqualTo(10);
        List<String> headings = all(page, Heading.class).stream().filter(h -> h.getLevel() == 4)
                .map(MarkdownReportTests::text).toList();
        assertThat(headings).containsExactlyElementsOf(failed.stream()
                .map(c -> c.id() + ": " + c.title() + " (0/" + c.maxPoints() + ")").toList());
        List<String> code = all(page, FencedCodeBlock.class).stream().map(FencedCodeBlock::getLiteral).toList();
        for (CheckResult check : failed) {
            assertThat(code).as(check.id() + "'s message, verbatim").contains(check.message() + "\n");
        }
        assertThat(md).contains("**Hint:** caused by the problem found above");
        assertThat(md.indexOf("Diagnosis: one cause explains")).isPositive().isLessThan(md.indexOf("| check |"));
        assertThat(md).contains("<details><summary>model transcript</summary>");
    }

    @Test
    void learnersDoNotSeeAHiddenCheckDetailsInstructorsDo() {
        GradeResult result = GradedSamples.withHiddenFailure(GradedSamples.broken());
        CheckResult hidden = result.checks().stream().filter(CheckResult::hidden).findFirst().orElseThrow();

        String learner = GradedSamples.render(new MarkdownReport(Visibility.LEARNER), result);
        String instructor = GradedSamples.render(new MarkdownReport(Visibility.INSTRUCTOR), result);

        assertThat(learner).contains(Visibility.HIDDEN_NOTE).doesNotContain(GradedSamples.SECRET);
        assertThat(instructor).contains(hidden.message(), hidden.hint().replace("_", "\\_"))
                .contains(GradedSamples.SECRET).doesNotContain(Visibility.HIDDEN_NOTE);
        assertThat(rows(only(GFM.parse(learner), TableBlock.class))).contains(List.of(hidden.id(), hidden.title(),
                "0/" + hidden.maxPoints(), "❌ failed"));
    }

    @Test
    void textOfTheAppCannotBreakOutOfItsCodeBlockOrTableCell() {
        assertThat(MarkdownReport.fenced("a ``` b\n")).startsWith("````text\n").endsWith("\n````\n");
        assertThat(((FencedCodeBlock) GFM.parse(MarkdownReport.fenced("```\n# not a heading\n```")).getFirstChild())
                .getLiteral()).isEqualTo("```\n# not a heading\n```\n");
        assertThat(MarkdownReport.escape("a | b <script>")).isEqualTo("a \\| b &lt;script&gt;");
    }

    private static String statusCell(CheckStatus status) {
        return switch (status) {
            case PASSED -> "✅ passed";
            case FAILED -> "❌ failed";
            case ERROR -> "💥 error";
            case SKIPPED -> "⏭️ skipped";
            case WITHHELD -> "🔒 withheld";
        };
    }

    private static List<List<String>> rows(TableBlock table) {
        List<List<String>> rows = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            if (section instanceof TableBody) {
                for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                    List<String> cells = new ArrayList<>();
                    for (Node cell = ((TableRow) row).getFirstChild(); cell != null; cell = cell.getNext()) {
                        cells.add(text((TableCell) cell));
                    }
                    rows.add(cells);
                }
            }
        }
        return rows;
    }

    /** A node's text as a reader sees it: text and inline code literals, escapes resolved. */
    private static String text(Node node) {
        StringBuilder out = new StringBuilder();
        appendText(node, out);
        return out.toString().strip();
    }

    private static void appendText(Node node, StringBuilder out) {
        if (node instanceof Text text) {
            out.append(text.getLiteral());
        } else if (node instanceof Code code) {
            out.append(code.getLiteral());
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            appendText(child, out);
        }
    }

    private static <T extends Node> T only(Node root, Class<T> type) {
        List<T> found = all(root, type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static <T extends Node> List<T> all(Node root, Class<T> type) {
        List<T> found = new ArrayList<>();
        collect(root, type, found);
        return found;
    }

    private static <T extends Node> void collect(Node node, Class<T> type, List<T> found) {
        if (type.isInstance(node)) {
            found.add(type.cast(node));
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            collect(child, type, found);
        }
    }
}
