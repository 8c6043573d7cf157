package dev.labkit.runner.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokenVariantTests {

    @TempDir
    Path lab;

    @Test
    void appliesItsEditsToACopyOfTheSolutionAndLeavesTheSolutionAlone() throws IOException {
        Path solution = Files.createDirectories(lab.resolve("solution"));
        Files.writeString(solution.resolve("App.java"), "int window = 20;\n");
        BrokenVariant variant = BrokenVariant.read(write("tiny-window", """
                description: A window of one message.
                fails: [chat.memory]
                edits:
                  - file: App.java
                    find: "window = 20"
                    replace: "window = 1"
                """));

        Path copy = variant.applyTo(solution, lab.resolve("copy"));

        assertThat(variant.fails()).containsExactly("chat.memory");
        assertThat(variant.diagnosis()).isEmpty();
        assertThat(Files.readString(copy.resolve("App.java"))).isEqualTo("int window = 1;\n");
        assertThat(Files.readString(solution.resolve("App.java"))).isEqualTo("int window = 20;\n");
    }

    @Test
    void aFindTextThatDoesNotOccurExactlyOnceIsAOneLineError() throws IOException {
        Path solution = Files.createDirectories(lab.resolve("solution"));
        Files.writeString(solution.resolve("App.java"), "a a\n");
        BrokenVariant twice = BrokenVariant.read(write("twice", "fails: [x]\nedits:\n  - {file: App.java, find: a, replace: b}\n"));
        BrokenVariant none = BrokenVariant.read(write("none", "fails: [x]\nedits:\n  - {file: App.java, find: z, replace: b}\n"));

        assertThatThrownBy(() -> twice.applyTo(solution, lab.resolve("twice-copy"))).isInstanceOf(LabException.class)
                .hasMessage(lab.getFileName() + "/twice: the text to find must occur exactly once in App.java (found"
                        + " several): a");
        assertThatThrownBy(() -> none.applyTo(solution, lab.resolve("none-copy"))).isInstanceOf(LabException.class)
                .hasMessageContaining("(found none): z");
    }

    @Test
    void namesTheFileAndTheFieldOfAMistake() throws IOException {
        Path file = write("typo", "fail: [x]\nedits:\n  - {file: A, find: a, replace: b}\n");

        assertThatThrownBy(() -> BrokenVariant.read(file)).isInstanceOf(LabException.class)
                .hasMessage(file + ": unknown field 'fail' (known: description, diagnosis, edits, fails)");
    }

    private Path write(String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(lab.resolve("broken"));
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }
}
