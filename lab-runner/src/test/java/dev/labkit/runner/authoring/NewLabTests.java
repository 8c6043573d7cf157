package dev.labkit.runner.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab new}'s engine: a lab folder from the template or from another lab, renamed, or a one-line refusal. */
class NewLabTests {

    private static final Path TEMPLATE = TestLabs.home().resolve("templates/new-lab");

    @TempDir
    Path temp;

    @Test
    void theTemplateIsRenamedAllThroughIdSuitePackageClassAndArtifact() throws Exception {
        LabManifest lab = NewLab.create(TEMPLATE, "04-fern-facts", temp);

        Path dir = temp.resolve("04-fern-facts");
        assertThat(lab.id()).isEqualTo("04-fern-facts");
        assertThat(lab.dir()).isEqualTo(dir);
        assertThat(lab.suite()).isEqualTo("dev.labkit.labs.lab04fernfacts.Lab04FernFactsChecks");
        Path suite = dir.resolve("checks/src/main/java/dev/labkit/labs/lab04fernfacts/Lab04FernFactsChecks.java");
        assertThat(suite).content().contains("package dev.labkit.labs.lab04fernfacts;", "public class Lab04FernFactsChecks");
        assertThat(dir.resolve("checks/src/main/java/dev/labkit/labs/newlab")).doesNotExist();
        assertThat(dir.resolve("checks/pom.xml")).content().contains("<artifactId>04-fern-facts-checks</artifactId>")
                .contains("<finalName>suite</finalName>").doesNotContain("new-lab");
        assertThat(dir.resolve("README.md")).content().startsWith("# Lab 04-fern-facts · ")
                .contains("./lab init 04-fern-facts ~/pip");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted())
                    .contains("lab.yaml", "README.md", "scaffold/pom.xml", "solution/pom.xml", "fixtures/questions.json",
                            "broken/ignores-the-model.yaml", "checks/pom.xml")
                    .noneMatch(f -> f.contains("target/"));
        }
    }

    @Test
    void anIdThatIsNotAJavaNameStillGivesAJavaPackageAndClass() {
        assertThat(NewLab.suitePackage("fern-facts")).isEqualTo("dev.labkit.labs.fernfacts");
        assertThat(NewLab.suiteClass("fern-facts")).isEqualTo("FernFactsChecks");
        assertThat(NewLab.suitePackage("int")).isEqualTo("dev.labkit.labs.labint");
        assertThat(NewLab.suiteClass("9")).isEqualTo("Lab9Checks");
    }

    @Test
    void anotherLabIsCopiedWithoutItsBuildOutputWithTheNewIdInTheManifestAndTheChecksArtifact() throws Exception {
        Path source = temp.resolve("labs/01-chatbot");
        FileTrees.copy(TestLabs.home().resolve("labs/01-chatbot"), source, FileTrees.BUILD_OUTPUT);
        Files.createDirectories(source.resolve("solution/target/classes"));
        Files.writeString(source.resolve("solution/target/sprout.jar"), "not a jar");
        Files.createDirectories(source.resolve("checks/target"));
        Files.writeString(source.resolve("checks/target/suite.jar"), "not a jar");
        Files.writeString(source.resolve("checks/suite.jar"), "a pack's compiled suite");

        LabManifest lab = NewLab.create(source, "01-chatbot-plus", temp.resolve("mine"));

        Path dir = temp.resolve("mine/01-chatbot-plus");
        assertThat(lab.id()).isEqualTo("01-chatbot-plus");
        assertThat(lab.suite()).isEqualTo(TestLabs.lab("01-chatbot").suite());
        assertThat(dir.resolve("lab.yaml")).content()
                .isEqualTo(Files.readString(source.resolve("lab.yaml")).replace("id: 01-chatbot\n", "id: 01-chatbot-plus\n"));
        assertThat(dir.resolve("checks/pom.xml")).content().isEqualTo(Files.readString(source.resolve("checks/pom.xml"))
                .replace("<artifactId>01-chatbot-checks</artifactId>", "<artifactId>01-chatbot-plus-checks</artifactId>"));
        assertThat(dir.resolve("checks/src")).isDirectory();
        assertThat(dir.resolve("solution/target")).doesNotExist();
        assertThat(dir.resolve("checks/target")).doesNotExist();
        assertThat(dir.resolve("checks/suite.jar")).as("built from the sources, not taken from a pack").doesNotExist();
        assertThat(dir.resolve("broken/no-memory.yaml")).hasSameTextualContentAs(source.resolve("broken/no-memory.yaml"));
        assertThat(dir.resolve("README.md")).hasSameTextualContentAs(source.resolve("README.md"));
    }

    @Test
    void anExistingFolderThatIsNotEmptyIsRefusedInOneLineAndLeftAsItIs() throws Exception {
        Path taken = Files.createDirectories(temp.resolve("fern-facts"));
        Files.writeString(taken.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> NewLab.create(TEMPLATE, "fern-facts", temp)).isInstanceOf(LabException.class)
                .hasMessage(taken + " already exists and is not empty: choose another id, or another folder with --dir");
        try (Stream<Path> files = Files.list(taken)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("notes.txt");
        }
    }

    @Test
    void anEmptyFolderIsFilled() throws Exception {
        Files.createDirectories(temp.resolve("fern-facts"));

        assertThat(NewLab.create(TEMPLATE, "fern-facts", temp).id()).isEqualTo("fern-facts");
    }

    @Test
    void anIdThatIsNoLabIdIsRefusedWithTheRule() {
        for (String id : new String[] {"Fern", "-fern", "fern_facts", "fern facts", "../fern", ""}) {
            assertThatThrownBy(() -> NewLab.create(TEMPLATE, id, temp)).as(id).isInstanceOf(LabException.class)
                    .hasMessage("'" + id + "' is not a lab id: use lower-case letters, digits and dashes, starting with"
                            + " a letter or digit (e.g. 04-multimodal or fern-facts)");
        }
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void aSourceThatIsNoLabIsRefusedInOneLine() {
        assertThatThrownBy(() -> NewLab.create(temp, "fern-facts", temp.resolve("out"))).isInstanceOf(LabException.class)
                .hasMessage(temp + " has no lab.yaml: pass a lab's folder, or a lab id (see `lab list`)");
    }

    @Test
    void theNewLabKeepsNothingOfTheTemplatesBuildOutput() throws Exception {
        Path template = temp.resolve("template/new-lab");
        FileTrees.copy(TEMPLATE, template, Set.of());
        Files.createDirectories(template.resolve("checks/target"));
        Files.writeString(template.resolve("checks/target/suite.jar"), "stale");

        NewLab.create(template, "fern-facts", temp.resolve("out"));

        assertThat(temp.resolve("out/fern-facts/checks/target")).doesNotExist();
    }
}
