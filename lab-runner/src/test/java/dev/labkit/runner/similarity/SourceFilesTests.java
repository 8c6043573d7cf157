package dev.labkit.runner.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTests {

    @TempDir
    Path temp;

    @Test
    void readsWhatTheStudentWroteNotBuildOutputHiddenFoldersLinksOrHugeFiles() throws IOException {
        Path project = temp.resolve("p");
        write(project.resolve("src/main/java/App.java"), "class App {}");
        write(project.resolve("README.md"), "# app");
        write(project.resolve("target/generated-sources/Gen.java"), "class Gen {}");
        write(project.resolve("node_modules/lib/index.js"), "module.exports = 1;");
        write(project.resolve(".git/hooks/Hook.java"), "class Hook {}");
        write(project.resolve("src/main/java/Huge.java"), "x".repeat((int) SourceFiles.MAX_FILE_BYTES + 1));
        Path outside = write(temp.resolve("secret/Secret.java"), "class Secret {}");
        Files.createSymbolicLink(project.resolve("src/main/java/Link.java"), outside);
        Files.createSymbolicLink(project.resolve("linked"), outside.getParent());

        List<Path> files = SourceFiles.list(project);

        assertThat(files).containsExactly(Path.of("README.md"), Path.of("src/main/java/App.java"));
        assertThat(SourceLanguage.of(files)).contains(SourceLanguage.JAVA);
        Path copy = temp.resolve("copy");
        assertThat(SourceFiles.copy(project, files, SourceLanguage.JAVA, copy)).isEqualTo(1);
        assertThat(copy.resolve("src/main/java/App.java")).hasContent("class App {}");
    }

    @Test
    void takesTheLanguageMostFilesAreWrittenIn() {
        assertThat(SourceLanguage.of(List.of(Path.of("a.py"), Path.of("b.py"), Path.of("C.java"))))
                .contains(SourceLanguage.PYTHON);
        assertThat(SourceLanguage.of(List.of(Path.of("a.ts"), Path.of("b.js"), Path.of("C.java"))))
                .contains(SourceLanguage.JAVASCRIPT);
        assertThat(SourceLanguage.of(List.of(Path.of("a.py"), Path.of("C.java")))).as("a tie goes to Java")
                .contains(SourceLanguage.JAVA);
        assertThat(SourceLanguage.of(List.of(Path.of("README.md")))).isEqualTo(Optional.empty());
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
