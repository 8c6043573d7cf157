package dev.labkit.runner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabProjectTests {

    @TempDir
    Path temp;

    @Test
    void initCopiesTheScaffoldAndBriefAndMarksTheFolderWithTheLab() throws IOException {
        LabManifest lab = lab();
        Files.createDirectories(lab.scaffold().resolve("src"));
        Files.writeString(lab.scaffold().resolve("src/App.java"), "class App {}");
        Files.createDirectories(lab.scaffold().resolve("target"));
        Files.writeString(lab.brief(), "# Brief");
        Path project = temp.resolve("mine");

        LabProject.init(lab, project);

        assertThat(project.resolve("src/App.java")).hasContent("class App {}");
        assertThat(project.resolve("BRIEF.md")).hasContent("# Brief");
        assertThat(project.resolve("target")).doesNotExist();
        assertThat(LabProject.markedLab(project)).contains("07-demo");
    }

    @Test
    void initCopiesTheDocsTheBriefLeadsToAndPointsItsLinksAtThem() throws IOException {
        LabManifest lab = lab();
        Files.createDirectories(lab.scaffold());
        Files.writeString(lab.brief(), """
                See [the guide](../../docs/guide.md#setup), [the README](../../README.md), [Errors](#errors),
                [a site](https://example.org/x.md) and `[code](../../docs/code.md)`.
                """);
        Files.createDirectories(temp.resolve("docs/more"));
        Files.writeString(temp.resolve("docs/guide.md"), "# Setup\n[Deeper](more/deep.md), [home](../README.md)\n");
        Files.writeString(temp.resolve("docs/more/deep.md"), "[Back](../guide.md#setup)\n");
        Files.writeString(temp.resolve("docs/unlinked.md"), "not linked from the brief\n");
        Files.writeString(temp.resolve("README.md"), "# LabKit\n");
        Path project = temp.resolve("mine");

        LabProject.init(lab, project);

        String readme = temp.resolve("README.md").toString();
        assertThat(project.resolve("BRIEF.md")).hasContent("""
                See [the guide](docs/guide.md#setup), [the README](%s), [Errors](#errors),
                [a site](https://example.org/x.md) and `[code](../../docs/code.md)`.
                """.formatted(readme));
        assertThat(project.resolve("docs/guide.md")).hasContent("# Setup\n[Deeper](more/deep.md), [home](" + readme + ")");
        assertThat(project.resolve("docs/more/deep.md")).hasContent("[Back](../guide.md#setup)");
        assertThat(project.resolve("docs/unlinked.md")).doesNotExist();
    }

    @Test
    void theProjectOfAFolderIsTheNearestOneAboveWithTheMarker() throws IOException {
        Path project = Files.createDirectories(temp.resolve("mine"));
        Files.writeString(project.resolve(LabProject.MARKER), "lab: 07-demo\n");
        Path deep = Files.createDirectories(project.resolve("src/main/java"));

        assertThat(LabProject.enclosing(deep)).contains(project);
        assertThat(LabProject.enclosing(project)).contains(project);
        assertThat(LabProject.enclosing(temp)).isEmpty();
    }

    @Test
    void initRefusesAFolderThatIsNotEmpty() throws IOException {
        LabManifest lab = lab();
        Files.createDirectories(lab.scaffold());
        Path project = Files.createDirectories(temp.resolve("mine"));
        Files.writeString(project.resolve("notes.txt"), "mine, keep");

        assertThatThrownBy(() -> LabProject.init(lab, project))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("already exists and is not empty");
        assertThat(project.resolve("notes.txt")).hasContent("mine, keep");
    }

    @Test
    void aFolderWithoutMarkerNamesNoLab() {
        assertThat(LabProject.markedLab(temp)).isEmpty();
    }

    private LabManifest lab() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("labs/07-demo"));
        return new LabManifest("07-demo", "Demo", 1, "", "a.B", Map.of(), Map.of(), Limits.DEFAULT, dir);
    }
}
