package dev.labkit.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.grading.CheckDefinition;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's checks/ project built with the real Maven against the installed check SDK, as the runner
 * meets a lab written anywhere, and its suite loaded with a class loader of its own.
 */
class SuiteLoaderTests {

    @TempDir
    static Path temp;

    /** Built once for the class (a Maven build takes 10-30 s): lab 07-first, its one check first.check. */
    private static LabManifest first;
    private static Class<?> firstSuite;
    private static final List<String> firstProgress = new ArrayList<>();

    @BeforeAll
    static void buildOneLab() throws IOException {
        first = lab("07-first", "first.check");
        firstSuite = SuiteLoader.load(first, firstProgress::add);
    }

    @Test
    void theChecksAreBuiltOnceAndTheSuiteHasAClassLoaderOfItsOwnOverTheRunnersSdk() throws Exception {
        assertThat(firstProgress).singleElement().asString().startsWith("Building the checks of lab 07-first");
        assertThat(firstSuite.getName()).isEqualTo("demo.DemoChecks");
        assertThat(firstSuite.getClassLoader()).isNotSameAs(SuiteLoader.class.getClassLoader());
        // The SDK is the runner's own: one registry of environments, one JUnit.
        assertThat(firstSuite.getClassLoader().loadClass("dev.labkit.checks.sdk.LabChecks"))
                .isSameAs(dev.labkit.checks.sdk.LabChecks.class);
        assertThat(CheckDefinition.of(firstSuite)).extracting(CheckDefinition::id).containsExactly("first.check");

        List<String> again = new ArrayList<>();
        assertThat(SuiteLoader.load(first, again::add)).isSameAs(firstSuite);
        assertThat(again).as("an up-to-date jar is not built again").isEmpty();
    }

    @Test
    void aSourceOrPomNewerThanTheJarMakesItStale() throws IOException {
        Path project = first.checks();
        Path jar = first.dir().resolve(SuiteBuild.BUILT_JAR);
        assertThat(SuiteBuild.upToDate(project, jar)).isTrue();
        FileTime built = Files.getLastModifiedTime(jar);
        Path source = project.resolve("src/main/java/demo/DemoChecks.java");
        Path pom = project.resolve("pom.xml");
        FileTime sourceTime = Files.getLastModifiedTime(source);
        FileTime pomTime = Files.getLastModifiedTime(pom);
        try {
            Files.setLastModifiedTime(source, FileTime.fromMillis(built.toMillis() + 1_000));
            assertThat(SuiteBuild.upToDate(project, jar)).isFalse();
            Files.setLastModifiedTime(source, sourceTime);
            Files.setLastModifiedTime(pom, FileTime.fromMillis(built.toMillis() + 1_000));
            assertThat(SuiteBuild.upToDate(project, jar)).isFalse();
        } finally {
            Files.setLastModifiedTime(source, sourceTime);
            Files.setLastModifiedTime(pom, pomTime);
        }
        assertThat(SuiteBuild.upToDate(project, temp.resolve("no-such.jar"))).isFalse();
    }

    @Test
    void twoLabsMayUseTheSameClassNamesAndAPackedJarIsUsedWithoutMaven() throws IOException {
        // A lab as a pack holds it: the compiled suite only, no Maven project.
        Path packed = temp.resolve("08-packed");
        Files.createDirectories(packed.resolve("checks"));
        Files.copy(first.dir().resolve(SuiteBuild.BUILT_JAR), packed.resolve(SuiteBuild.PACKED_JAR));
        LabManifest second = lab("07-second", "second.check");
        List<String> progress = new ArrayList<>();

        Class<?> secondSuite = SuiteLoader.load(second, message -> { });
        Class<?> packedSuite = SuiteLoader.load(manifest("08-packed", packed), progress::add);

        assertThat(secondSuite.getName()).isEqualTo(firstSuite.getName());
        assertThat(CheckDefinition.of(secondSuite)).extracting(CheckDefinition::id).containsExactly("second.check");
        assertThat(CheckDefinition.of(firstSuite)).extracting(CheckDefinition::id).containsExactly("first.check");
        assertThat(CheckDefinition.of(packedSuite)).extracting(CheckDefinition::id).containsExactly("first.check");
        assertThat(progress).as("a packed suite is not built").isEmpty();
    }

    @Test
    void checksThatDoNotCompileAreAOneLineErrorThatNamesMavensLog() throws IOException {
        LabManifest lab = lab("07-broken", "broken.check");
        Path source = lab.dir().resolve("checks/src/main/java/demo/DemoChecks.java");
        Files.writeString(source, Files.readString(source).replace("@LabChecks", "@LabChecks this is not Java"));

        assertThatThrownBy(() -> SuiteLoader.load(lab, message -> { }))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("building the checks of lab 07-broken failed (fix the checks, then run `mvn -q "
                        + "package` in " + lab.checks() + " to see the errors); Maven's log: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aSuiteNamedWrongSaysWhereToFixIt() throws IOException {
        LabManifest built = first;
        LabManifest misnamed = new LabManifest(built.id(), built.title(), 1, "", "demo.Missing", Map.of(), Map.of(),
                Limits.DEFAULT, built.dir());
        LabManifest noChecks = new LabManifest("07-none", "None", 1, "", "demo.Missing", Map.of(), Map.of(),
                Limits.DEFAULT, Files.createDirectories(temp.resolve("07-none")));

        assertThatThrownBy(() -> SuiteLoader.load(misnamed, message -> { })).isInstanceOf(LabException.class)
                .hasMessageContaining("have no class demo.Missing: fix `suite:` in " + built.dir().resolve("lab.yaml"));
        assertThatThrownBy(() -> SuiteLoader.load(noChecks, message -> { })).isInstanceOf(LabException.class)
                .hasMessage("lab 07-none has no checks/ folder (a Maven project with the checker suite, see "
                        + "docs/authoring.md) and the runner has no class demo.Missing");
    }

    /** A lab folder with a checks/ project (lab 01's pom, renamed) whose suite declares one check. */
    private static LabManifest lab(String id, String checkId) throws IOException {
        Path dir = temp.resolve(id);
        writeSuite(dir, checkId);
        String pom = Files.readString(TestLabs.home().resolve("labs/01-chatbot/checks/pom.xml"))
                .replace("01-chatbot-checks", id + "-checks");
        Files.writeString(dir.resolve("checks/pom.xml"), pom);
        return manifest(id, dir);
    }

    private static LabManifest manifest(String id, Path dir) {
        return new LabManifest(id, id, 1, "", "demo.DemoChecks", Map.of(), Map.of(), Limits.DEFAULT, dir);
    }

    private static Path writeSuite(Path lab, String checkId) throws IOException {
        Path source = lab.resolve("checks/src/main/java/demo/DemoChecks.java");
        Files.createDirectories(source.getParent());
        return Files.writeString(source, """
                package demo;

                import dev.labkit.checks.sdk.AppClient;
                import dev.labkit.checks.sdk.Check;
                import dev.labkit.checks.sdk.Expect;
                import dev.labkit.checks.sdk.LabChecks;

                @LabChecks
                public class DemoChecks {
                    @Check(id = "%s", title = "Answers /health", points = 100, hint = "Answer GET /health.")
                    void health(AppClient app) {
                        Expect.that(app.get("/health").status() == 200, () -> "GET /health should answer 200");
                    }
                }
                """.formatted(checkId));
    }
}
