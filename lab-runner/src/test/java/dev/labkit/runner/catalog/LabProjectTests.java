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
