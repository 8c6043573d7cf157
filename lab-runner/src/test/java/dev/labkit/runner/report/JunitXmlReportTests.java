package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.GradeResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** JUnit XML on real gradings: one testcase per check, its points in its properties. */
class JunitXmlReportTests {

    @Test
    void oneTestcasePerCheckWithItsPointsInProperties() throws Exception {
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken())) {
            Element suite = parse(result);
            NodeList cases = suite.getElementsByTagName("testcase");

            assertThat(cases.getLength()).isEqualTo(result.checks().size());
            assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(result.checks().size()));
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                CheckResult check = result.checks().get(i);
                assertThat(testcase.getAttribute("name")).startsWith(check.id() + " (");
                assertThat(properties(testcase)).containsExactly(Map.entry("points", Integer.toString(check.points())),
                        Map.entry("maxPoints", Integer.toString(check.maxPoints())),
                        Map.entry("status", check.status().id()));
                assertThat(testcase.getElementsByTagName("failure").getLength())
                        .isEqualTo(check.status() == CheckStatus.FAILED ? 1 : 0);
            }
            assertThat(properties(suite)).containsEntry("score", Integer.toString(result.score()))
                    .containsEntry("maxScore", Integer.toString(result.maxScore()));
        }
    }

    private static Element parse(GradeResult result) throws Exception {
        String xml = GradedSamples.render(new JunitXmlReport(Visibility.LEARNER), result);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    /** The properties directly under {@code element} (a suite's, or a testcase's). */
    private static Map<String, String> properties(Element element) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element properties && properties.getTagName().equals("properties")) {
                NodeList list = properties.getElementsByTagName("property");
                for (int i = 0; i < list.getLength(); i++) {
                    Element property = (Element) list.item(i);
                    found.putIfAbsent(property.getAttribute("name"), property.getAttribute("value"));
                }
            }
        }
        return found;
    }
}
