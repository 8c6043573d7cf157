package dev.labkit.runner.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.report.html.ClassIndexHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code index.html}: the class index ({@link ClassIndexHtml}) of an output folder, from its gradebook and each
 * graded student's {@code result.json} (for the checks' verdicts), with links to their {@code report.html};
 * rewritten atomically.
 */
public final class ClassIndexPage implements ClassGrader.ClassOutput {

    public static final String FILE = "index.html";

    /** The student's report page inside their folder. */
    public static final String REPORT = "report.html";

    @Override
    public void write(Gradebook gradebook, Path out) throws IOException {
        List<ClassIndexHtml.Student> students = new ArrayList<>();
        for (Row row : gradebook.rows()) {
            Path folder = out.resolve(row.folder());
            Path result = folder.resolve(SubmissionFolder.RESULT);
            List<CheckResult> checks = List.of();
            List<Diagnosis> diagnosis = List.of();
            if (!row.isError() && !Row.REJECTED.equals(row.status()) && Files.isRegularFile(result)) {
                JsonNode json = Gradebook.mapper().readTree(result.toFile());
                checks = checks(json);
                diagnosis = diagnosis(json);
            }
            String link = Files.isRegularFile(folder.resolve(REPORT)) ? row.folder() + "/" + REPORT : "";
            students.add(new ClassIndexHtml.Student(row.student(), row.status(), row.score(), row.maxScore(),
                    row.reason(), checks, link, diagnosis));
        }
        List<ClassIndexHtml.Pair> pairs = gradebook.similarPairs().stream()
                .map(pair -> new ClassIndexHtml.Pair(pair.first(), pair.second(), pair.similarity(), "")).toList();
        AtomicFiles.write(out.resolve(FILE), page -> new ClassIndexHtml().write(gradebook.lab(), students, pairs, page));
    }

    private static List<CheckResult> checks(JsonNode result) {
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode check : result.path("checks")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = check.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = it.next();
                metrics.put(metric.getKey(), metric.getValue().asDouble());
            }
            checks.add(new CheckResult(check.path("id").asText(), check.path("title").asText(),
                    check.path("tier").asText(), status(check.path("status").asText()), check.path("points").asInt(),
                    check.path("maxPoints").asInt(), check.path("message").asText(), check.path("hint").asText(),
                    check.path("durationMs").asLong(), check.path("transcript").asText(),
                    check.path("hidden").asBoolean(), metrics));
        }
        return checks;
    }

    private static List<Diagnosis> diagnosis(JsonNode result) {
        List<Diagnosis> causes = new ArrayList<>();
        for (JsonNode cause : result.path("diagnosis")) {
            List<String> explained = new ArrayList<>();
            cause.path("checks").forEach(id -> explained.add(id.asText()));
            causes.add(new Diagnosis(cause.path("id").asText(), cause.path("summary").asText(),
                    cause.path("message").asText(), cause.path("hint").asText(), explained));
        }
        return causes;
    }

    private static CheckStatus status(String id) {
        return Arrays.stream(CheckStatus.values()).filter(status -> status.id().equals(id)).findFirst()
                .orElse(CheckStatus.ERROR);
    }
}
