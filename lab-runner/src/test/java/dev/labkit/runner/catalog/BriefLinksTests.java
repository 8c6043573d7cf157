package dev.labkit.runner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every link of a brief works where the learner reads it: in the repository, and in the folder `lab init` makes. */
class BriefLinksTests {

    @TempDir
    Path temp;

    private static Catalog catalog() {
        return Catalog.load(TestLabs.home().resolve("labs"));
    }

    @TestFactory
    Stream<DynamicTest> everyLinkWorksInTheFolderLabInitMakes() {
        return catalog().labs().stream().map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
            Path project = temp.resolve(lab.id());

            LabProject.init(lab, project);

            List<String> broken = new ArrayList<>();
            for (Path markdown : markdownFiles(project)) {
                broken.addAll(brokenLinks(markdown));
            }
            assertThat(broken).as("links that do not work in the folder `lab init " + lab.id() + "` made").isEmpty();
        }));
    }

    @Test
    void everyLinkOfTheBriefsAndDocsWorksInTheRepository() throws IOException {
        Path home = TestLabs.home();
        List<Path> files = new ArrayList<>(List.of(home.resolve("README.md")));
        files.addAll(markdownFiles(home.resolve("docs")));
        catalog().labs().forEach(lab -> files.add(lab.brief()));

        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            broken.addAll(brokenLinks(file));
        }

        assertThat(broken).as("links that do not work in the repository").isEmpty();
    }

    @Test
    void theBriefsLinksToTheDocsPointToTheCopiesBesideIt() throws IOException {
        Path project = temp.resolve("sprout");

        LabProject.init(catalog().require("01-chatbot"), project);

        String brief = Files.readString(project.resolve("BRIEF.md"));
        assertThat(brief).contains("](docs/environment.md)", "](docs/lab-model.md)", "](#errors)",
                "](https://docs.langchain4j.dev)").doesNotContain("../../docs/");
        assertThat(project.resolve("docs/environment.md")).content()
                .isEqualTo(Files.readString(TestLabs.home().resolve("docs/environment.md")));
        assertThat(project.resolve("docs/sandbox.md")).as("a doc the brief's docs link to").exists();
    }

    /** "file: target (why)" for each relative link of {@code file} whose file or heading does not exist. */
    static List<String> brokenLinks(Path file) throws IOException {
        String markdown = Files.readString(file);
        List<String> broken = new ArrayList<>();
        for (MarkdownLinks.Link link : MarkdownLinks.in(markdown)) {
            String target = link.target();
            Path resolved;
            if (target.startsWith("#")) {
                resolved = file;
            } else if (target.startsWith("/")) {
                resolved = Path.of(link.path()); // an absolute path: lab init points to files it does not copy so
            } else if (link.isRelative()) {
                resolved = file.getParent().resolve(link.path()).normalize();
            } else {
                continue; // a URL
            }
            if (!Files.exists(resolved)) {
                broken.add(file + ": " + target + " (no such file)");
            } else if (!link.anchor().isEmpty() && resolved.toString().endsWith(".md")
                    && !HeadingAnchors.of(Files.readString(resolved)).contains(link.anchor())) {
                broken.add(file + ": " + target + " (no such heading; it has " + HeadingAnchors.of(Files.readString(resolved)) + ")");
            }
        }
        return broken;
    }

    private static List<Path> markdownFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".md") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
