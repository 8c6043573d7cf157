package dev.labkit.runner.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each edition holds, asserted on the entries of the zip itself. */
class LearnerEditionTests {

    @TempDir
    Path temp;

    private Set<String> entries(PackEdition edition) throws Exception {
        Path labs = PackLabsFixture.labs(temp.resolve("kit"));
        Path out = temp.resolve(edition.id() + ".labpack");
        new PackWriter(PackVerifierTests.CLOCK, PackVerifierTests.RUNNER).write(new PackRequest(
                List.of(PackLabsFixture.lab(labs)), out, edition, "editions", "1", Optional.empty(), Optional.empty()));
        return PackLabsFixture.entries(out).keySet();
    }

    @Test
    void aLearnerPackHoldsNoSolutionVariantHiddenDataOrCheckSource() throws Exception {
        Set<String> entries = entries(PackEdition.LEARNER);

        assertThat(entries).contains("labpack.json", "labs/01-chatbot/lab.yaml", "labs/01-chatbot/README.md",
                "labs/01-chatbot/scaffold/pom.xml", "labs/01-chatbot/fixtures/greeting.txt",
                "labs/01-chatbot/checks/suite.jar", "docs/environment.md");
        assertThat(entries).filteredOn(name -> name.startsWith("labs/01-chatbot/solution/")
                || name.startsWith("labs/01-chatbot/broken/") || name.startsWith("labs/01-chatbot/hidden/")
                || name.startsWith("labs/01-chatbot/checks/src/") || name.equals("labs/01-chatbot/checks/pom.xml")
                || name.contains("/target/") || name.contains("node_modules")).isEmpty();
        assertThat(entries).filteredOn(name -> name.startsWith("labs/01-chatbot/checks/"))
                .containsExactly("labs/01-chatbot/checks/suite.jar");
    }

    @Test
    void aFullPackAlsoHoldsSolutionVariantsHiddenDataAndCheckSourcesButNoBuildOutput() throws Exception {
        Set<String> entries = entries(PackEdition.FULL);

        assertThat(entries).contains("labs/01-chatbot/solution/pom.xml", "labs/01-chatbot/hidden/questions.json",
                "labs/01-chatbot/checks/pom.xml",
                "labs/01-chatbot/checks/src/main/java/dev/labkit/checks/chatbot/ChatbotChecks.java",
                "labs/01-chatbot/checks/suite.jar");
        assertThat(entries).anyMatch(name -> name.startsWith("labs/01-chatbot/broken/"));
        assertThat(entries).noneMatch(name -> name.contains("/target/") || name.contains("node_modules"));
    }
}
