package dev.labkit.runner.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.suite.SuiteLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class StaticChecksTests {

    @TempDir
    Path labs;

    @Test
    void aSoundLabHasNoStaticProblem() throws IOException {
        LabManifest lab = lab("07-demo", "models:\n  chat: qwen2.5:0.5b\n", """
                | id | points | what it checks |
                |---|---:|---|
                | `health` | 40 | answers |
                | `sample.reply` | 60 | relays |
                | `live.sample` | (5) | with a real model |
                """);
        variant(lab, "no-reply", "description: drops the reply\nfails: [sample.reply]\n"
                + "edits:\n  - {file: App.java, find: reply, replace: \"\"}\n");

        StaticChecks.Findings findings = StaticChecks.of(lab, DeclaredCheck.of(SoundSampleChecks.class));

        assertThat(findings.problems()).isEmpty();
        assertThat(findings.variants()).extracting(BrokenVariant::name).containsExactly("no-reply");
    }

    @Test
    void namesEveryProblemOfSuiteBriefAndVariantsNotOnlyTheFirst() throws IOException {
        LabManifest lab = lab("07-demo", "models:\n  chat: qwen2.5:0.5b\n  embedding: all-minilm\n", """
                # Demo

                | variable | use |
                |---|---|
                | `PORT` | where to listen |

                | id | points | what it checks |
                |---|---:|---|
                | `health` | 5 | answers |
                | `sample.no-title` | 15 | no title |
                | `sample.gone` | 5 | removed from the suite |
                | `sample.zero` | many | worth nothing |
                | `sample.twice` | 30 | twice |
                | `live.sample` | (5) | with a real model |
                """);
        variant(lab, "good", "fails: [sample.no-hint]\nedits:\n  - {file: App.java, find: a, replace: b}\n");
        variant(lab, "unparseable", "fails: [unclosed\n");
        variant(lab, "unknown-ids", "fails: [sample.nothing, health]\ndiagnosis: [mystery]\n"
                + "edits:\n  - {file: App.java, find: a, replace: b}\n");
        variant(lab, "no-edits", "fails: [health]\n");

        StaticChecks.Findings findings = StaticChecks.of(lab, DeclaredCheck.of(FlawedSampleChecks.class));

        assertThat(findings.problems()).extracting(Problem::line).containsExactlyInAnyOrder(
                "07-demo suite: the check of method blankId() has no id",
                "07-demo suite: check sample.no-title has no title",
                "07-demo suite: check sample.zero has 0 points, expected more than 0",
                "07-demo suite: check sample.no-hint has no hint: say where to look when it fails",
                "07-demo suite: check id 'sample.twice' is declared 2 times, expected once",
                "07-demo suite: check live.sample exercises the model role 'vision', which lab.yaml's models: does"
                        + " not declare (it declares chat, embedding)",
                "07-demo suite: the contract checks' points add up to 105, expected 100",
                "07-demo suite: no live check exercises the model role 'chat' that lab.yaml declares: add one"
                        + " with @Check(tier = Tier.LIVE, models = \"chat\", ...)",
                "07-demo suite: no live check exercises the model role 'embedding' that lab.yaml declares: add one"
                        + " with @Check(tier = Tier.LIVE, models = \"embedding\", ...)",
                "07-demo brief: the points of `sample.zero` (README.md line 12) are 'many', not a number"
                        + " (write e.g. 5, or (5) for a live check)",
                "07-demo brief: `sample.no-title` is worth 15 points in the check table (README.md line 10), 10 in"
                        + " the suite",
                "07-demo brief: check `sample.no-hint` (20 points) is missing from the check table",
                "07-demo brief: the check table lists `sample.gone` (README.md line 11), which the suite does not"
                        + " declare",
                "07-demo broken/unknown-ids.yaml: fails: names check 'sample.nothing', which the suite does not"
                        + " declare",
                "07-demo broken/unknown-ids.yaml: diagnosis: names 'mystery', which the grader does not know (known:"
                        + " unknown-model, endpoint-missing, app-stopped, not-json, event-stream-broken,"
                        + " no-model-requests)",
                "07-demo broken/no-edits.yaml: 'edits' must be a list of {file, find, replace}, at least one",
                findings.problems().stream().map(Problem::line)
                        .filter(l -> l.startsWith("07-demo broken/unparseable.yaml: not valid YAML (")).findFirst()
                        .orElse("07-demo broken/unparseable.yaml: not valid YAML (...)"));
        assertThat(findings.variants()).extracting(BrokenVariant::name).containsExactly("good");
    }

    @Test
    void aBriefWithoutACheckTableIsOneProblem() throws IOException {
        LabManifest lab = lab("07-demo", "models:\n  chat: qwen2.5:0.5b\n", "# Demo\n\nNo table here.\n");

        assertThat(StaticChecks.of(lab, DeclaredCheck.of(SoundSampleChecks.class)).problems())
                .extracting(Problem::line).containsExactly("07-demo brief: README.md has no check table: add one"
                        + " whose first column holds each check id in backticks, with a points column"
                        + " (see docs/validate.md)");
    }

    /** Every lab of the repository passes the static checks: briefs, suites and variant files agree. */
    @TestFactory
    List<DynamicTest> everyLabOfTheRepositoryPassesTheStaticChecks() {
        return Catalog.load(TestLabs.home().resolve("labs")).labs().stream()
                .map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
                    StaticChecks.Findings findings = StaticChecks.of(lab,
                            DeclaredCheck.of(SuiteLoader.load(lab, detail -> {})));
                    assertThat(findings.problems()).extracting(Problem::line).isEmpty();
                    assertThat(findings.variants()).hasSameSizeAs(BrokenVariant.files(lab.dir()));
                })).toList();
    }

    private LabManifest lab(String id, String models, String brief) throws IOException {
        Path dir = Files.createDirectories(labs.resolve(id));
        Files.writeString(dir.resolve("lab.yaml"), "id: " + id + "\ntitle: Demo\nsuite: a.B\n" + models);
        Files.writeString(dir.resolve("README.md"), brief);
        return Catalog.readLab(dir);
    }

    private static void variant(LabManifest lab, String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(lab.dir().resolve("broken"));
        Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }
}
