package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.submission.SubmissionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/languages.md (and the environment contract's) are what the runner reads, and they work. */
class LanguagesDocTests {

    private static final Pattern FENCED = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");

    @TempDir
    Path temp;

    private static List<String> blocks(String doc, String language) throws IOException {
        Matcher block = FENCED.matcher(Files.readString(TestLabs.home().resolve(doc)));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).equals(language)) {
                blocks.add(block.group(2));
            }
        }
        return blocks;
    }

    private SubmissionConfig read(String yaml) throws IOException {
        Path app = Files.createDirectories(temp.resolve("app-" + yaml.hashCode()));
        Files.writeString(app.resolve(SubmissionConfig.FILE_NAME), yaml);
        return SubmissionConfig.read(app);
    }

    @Test
    void everySubmissionYamlOfTheDocsIsReadWithItsStartCommand() throws IOException {
        List<String> examples = new ArrayList<>(blocks("docs/languages.md", "yaml"));
        examples.addAll(blocks("docs/environment.md", "yaml"));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(6);

        for (String yaml : examples) {
            SubmissionConfig config = read(yaml);
            assertThat(config.start()).as("the start: of\n" + yaml).isPresent();
        }
        assertThat(read("start: exec python3 app.py\n")).isEqualTo(
                new SubmissionConfig(java.util.Optional.empty(), java.util.Optional.of("exec python3 app.py")));
    }

    /** So the Node apps that AlternativeSolutionsTests grades at full marks are the doc's start-only example, run. */
    @Test
    void theNodeStartOnlyExampleIsTheOneOfTheNodeAppsGradedAtFullMarks() throws IOException {
        assertThat(blocks("docs/languages.md", "yaml")).contains("start: exec node server.js\n");
        List<Path> nodeApps;
        try (Stream<Path> files = Files.walk(AlternativeSolutionsTests.ALTERNATIVES)) {
            nodeApps = files.filter(f -> f.getFileName().toString().equals(SubmissionConfig.FILE_NAME)).toList();
        }
        assertThat(nodeApps).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : nodeApps) {
            assertThat(SubmissionConfig.read(file.getParent())).as(file.toString())
                    .isEqualTo(read("start: exec node server.js\n"));
        }
    }

    @Test
    void thePythonStartForLab01PassesTheChecksTheDocPromises() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed here");
        Path app = Files.createDirectories(temp.resolve("sprout-python"));
        assertThat(blocks("docs/languages.md", "python")).hasSize(1);
        Files.writeString(app.resolve("app.py"), blocks("docs/languages.md", "python").get(0));
        Files.writeString(app.resolve(SubmissionConfig.FILE_NAME), "start: exec python3 app.py\n");

        GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC())
                .grade(new GradeRequest(TestLabs.lab("01-chatbot"), app));

        Map<String, CheckStatus> statuses = result.checks().stream()
                .collect(Collectors.toMap(CheckResult::id, CheckResult::status));
        String diagnosis = GradingDiagnosis.of("the Python example of docs/languages.md", result);
        for (String check : List.of("health", "chat.reply", "chat.model-name", "chat.system-prompt")) {
            assertThat(statuses.get(check)).as(check + "\n" + diagnosis).isEqualTo(CheckStatus.PASSED);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
