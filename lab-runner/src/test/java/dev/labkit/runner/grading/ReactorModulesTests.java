package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests' build (the root pom's reactor) builds every lab's checker suite, so that each suite's own unit
 * tests run with the README's test command; a lab added without its module would be graded (the runner
 * builds its suite on demand) while its suite's tests silently never ran.
 */
class ReactorModulesTests {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void everyLabsChecksFolderIsAModuleOfTheRootPom() throws IOException {
        Path home = TestLabs.home();
        List<String> modules = MODULE.matcher(Files.readString(home.resolve("pom.xml"))).results()
                .map(m -> m.group(1).strip()).toList();
        List<String> suites;
        try (Stream<Path> labs = Files.list(home.resolve("labs"))) {
            suites = labs.filter(lab -> Files.isRegularFile(lab.resolve("checks/pom.xml")))
                    .map(lab -> "labs/" + lab.getFileName() + "/checks").sorted().toList();
        }

        assertThat(suites).as("labs with a checks/ suite").isNotEmpty();
        assertThat(modules).as("the root pom's <modules>: add each lab's checks/ before lab-runner")
                .containsAll(suites);
        assertThat(modules.indexOf("lab-runner")).as("lab-runner comes after every suite")
                .isGreaterThan(suites.stream().mapToInt(modules::indexOf).max().orElseThrow());
    }
}
