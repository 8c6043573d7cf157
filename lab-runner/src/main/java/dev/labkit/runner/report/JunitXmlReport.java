package dev.labkit.runner.report;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The result as JUnit XML (the Ant/Surefire dialect CI dashboards read): one testsuite per lab, with
 * {@code score}, {@code maxScore}, {@code status} and more as suite properties, and one testcase per check,
 * named {@code id (points/maxPoints) title}, with {@code points}, {@code maxPoints} and {@code status} as its
 * own properties (testcase properties as Jenkins' JUnit plugin and pytest's {@code record_property} write them).
 */
public final class JunitXmlReport implements ReportWriter {

    private final Visibility visibility;

    public JunitXmlReport(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "lab " + result.lab());
            xml.writeAttribute("tests", Integer.toString(result.checks().size()));
            xml.writeAttribute("failures", count(result, CheckStatus.FAILED));
            xml.writeAttribute("errors", count(result, CheckStatus.ERROR));
            xml.writeAttribute("skipped", count(result, CheckStatus.SKIPPED, CheckStatus.WITHHELD));
            xml.writeAttribute("time", seconds(result.durationMs()));
            xml.writeAttribute("timestamp", result.startedAt().toString());
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "score", Integer.toString(result.score()));
            property(xml, "maxScore", Integer.toString(result.maxScore()));
            property(xml, "status", result.status().id());
            property(xml, "submission", result.submission());
            property(xml, "containment", result.cleanup().containment());
            property(xml, "leftoverProcesses", Integer.toString(result.cleanup().leftoverProcesses()));
            for (String leftover : result.cleanup().leftovers()) {
                property(xml, "leftover", leftover);
            }
            for (GradeResult.Service service : result.services()) {
                property(xml, "service", service.name() + " (" + service.provider() + ") " + service.url());
            }
            for (Diagnosis cause : result.diagnosis()) {
                property(xml, "diagnosis", clean(cause.id() + ": " + cause.message() + " Fix: " + cause.hint()
                        + " Explains: " + String.join(", ", cause.checks())));
            }
            xml.writeEndElement();
            for (CheckResult raw : result.checks()) {
                CheckResult check = visibility.apply(raw);
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "lab." + result.lab());
                xml.writeAttribute("name", clean(check.id() + " (" + check.points() + "/" + check.maxPoints() + ") "
                        + check.title()));
                xml.writeAttribute("time", seconds(check.durationMs()));
                xml.writeStartElement("properties");
                property(xml, "points", Integer.toString(check.points()));
                property(xml, "maxPoints", Integer.toString(check.maxPoints()));
                property(xml, "status", check.status().id());
                xml.writeEndElement();
                switch (check.status()) {
                    case FAILED -> detail(xml, "failure", check);
                    case ERROR -> detail(xml, "error", check);
                    case SKIPPED, WITHHELD -> {
                        xml.writeStartElement("skipped");
                        xml.writeAttribute("message", clean(check.message()));
                        xml.writeEndElement();
                    }
                    case PASSED -> { }
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void detail(XMLStreamWriter xml, String element, CheckResult check) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("message", clean(check.message().lines().findFirst().orElse("")));
        StringBuilder body = new StringBuilder(check.message());
        if (!check.hint().isEmpty()) {
            body.append("\nhint: ").append(check.hint());
        }
        if (!check.transcript().isEmpty()) {
            body.append("\nmodel transcript:\n").append(check.transcript());
        }
        xml.writeCharacters(clean(body.toString()));
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value));
    }

    /** Drops the characters XML 1.0 cannot carry (an app's output may contain any byte). */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String count(GradeResult result, CheckStatus... statuses) {
        Set<CheckStatus> wanted = Set.of(statuses);
        return Long.toString(result.checks().stream().filter(c -> wanted.contains(c.status())).count());
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
