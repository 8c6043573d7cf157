package dev.labkit.runner.pack;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The check SDK version a lab's suite is compiled against: the version of its {@value #ARTIFACT}
 * dependency in {@code checks/pom.xml} ({@code ${property}} references to the pom's own properties
 * resolved).
 */
final class SuiteSdkVersion {

    static final String ARTIFACT = "labkit-check-sdk";
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private SuiteSdkVersion() {}

    /** The SDK version of {@code lab}'s suite; a one-line error when its pom does not name one. */
    static String of(LabManifest lab) {
        Path pom = lab.dir().resolve("checks/pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw LabException.of("lab " + lab.id() + " has no checks/pom.xml to tell which check SDK its suite is"
                    + " built against: pack it from its source folder");
        }
        Document document = read(pom);
        Map<String, String> properties = new HashMap<>();
        for (Element group : children(document.getDocumentElement(), "properties")) {
            NodeList nodes = group.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element property) {
                    properties.put(property.getTagName(), property.getTextContent().strip());
                }
            }
        }
        NodeList dependencies = document.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (ARTIFACT.equals(text(dependency, "artifactId")) && text(dependency, "version") != null) {
                return resolve(text(dependency, "version"), properties, pom);
            }
        }
        throw LabException.of(pom + " has no dependency on " + ARTIFACT + " with a version: declare the check SDK"
                + " the suite is built against (see docs/packs.md)");
    }

    private static String resolve(String version, Map<String, String> properties, Path pom) {
        Matcher m = PROPERTY.matcher(version);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = properties.get(m.group(1));
            if (value == null) {
                throw LabException.of(pom + ": the version of " + ARTIFACT + " uses ${" + m.group(1)
                        + "}, which the pom does not define: write the version there");
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }

    private static Document read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw LabException.of(pom + " is not a readable pom (" + LabException.firstLine(e.getMessage(), e.toString())
                    + "): fix it so that Maven can build the suite", e);
        }
    }

    private static java.util.List<Element> children(Element parent, String tag) {
        java.util.List<Element> found = new java.util.ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String tag) {
        return children(parent, tag).stream().findFirst().map(e -> e.getTextContent().strip()).orElse(null);
    }
}
