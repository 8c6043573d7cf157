package dev.labkit.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.checks.sdk.Tier;
import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON result (public schema: docs/results.md, as JSON Schema docs/result.schema.json), opening with
 * {@code "schemaVersion": 1}. Written field by field so the schema is explicit.
 */
public final class JsonReport implements ReportWriter {

    /**
     * The version of the result's shape: the same while fields are only added; a removed or renamed field, or
     * one whose meaning changes, makes it the next integer (docs/results.md#versions).
     */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Visibility visibility;

    public JsonReport(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void write(GradeResult result, Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("lab", result.lab());
        root.put("submission", result.submission());
        root.put("score", result.score());
        root.put("maxScore", result.maxScore());
        root.put("status", result.status().id());
        root.put("reason", result.reason());
        root.put("startedAt", result.startedAt().toString());
        root.put("durationMs", result.durationMs());
        ObjectNode model = root.putObject("model");
        model.put("provider", result.model().provider());
        ObjectNode names = model.putObject("names");
        result.model().names().forEach(names::put);
        result.model().speech().ifPresent(speech -> model.put("speech", speech));
        root.put("sandbox", result.sandbox());
        if (!result.services().isEmpty()) {
            ArrayNode services = root.putArray("services");
            for (GradeResult.Service service : result.services()) {
                ObjectNode node = services.addObject();
                node.put("name", service.name());
                node.put("provider", service.provider());
                node.put("url", service.url());
            }
        }
        ArrayNode diagnosis = root.putArray("diagnosis");
        for (Diagnosis cause : result.diagnosis()) {
            ObjectNode node = diagnosis.addObject();
            node.put("id", cause.id());
            node.put("summary", cause.summary());
            node.put("message", cause.message());
            node.put("hint", cause.hint());
            ArrayNode explained = node.putArray("checks");
            cause.checks().forEach(explained::add);
        }
        ArrayNode checks = root.putArray("checks");
        for (CheckResult raw : result.checks()) {
            CheckResult check = visibility.apply(raw);
            ObjectNode node = checks.addObject();
            node.put("id", check.id());
            node.put("title", check.title());
            node.put("tier", check.tier());
            node.put("status", check.status().id());
            node.put("points", check.points());
            node.put("maxPoints", check.maxPoints());
            node.put("message", check.message());
            node.put("hint", check.hint());
            node.put("durationMs", check.durationMs());
            node.put("transcript", check.transcript());
            node.put("log", check.appLog());
            node.put("hidden", check.hidden());
            ObjectNode metrics = node.putObject("metrics");
            check.metrics().forEach(metrics::put);
            if (check.tier().equals(Tier.BROWSER.id())) {
                ArrayNode screenshots = node.putArray("screenshots");
                check.browser().screenshots().forEach(path -> screenshots.add(path.toString()));
                ArrayNode console = node.putArray("consoleErrors");
                check.browser().consoleErrors().forEach(console::add);
            }
        }
        root.put("log", result.appLog());
        ObjectNode timings = root.putObject("timings");
        timings.put("buildMs", result.timings().buildMs());
        timings.put("startMs", result.timings().startMs());
        timings.put("checksMs", result.timings().checksMs());
        ArrayNode warnings = root.putArray("warnings");
        result.warnings().forEach(warnings::add);
        ObjectNode cleanup = root.putObject("cleanup");
        cleanup.put("containment", result.cleanup().containment());
        cleanup.put("leftoverProcesses", result.cleanup().leftoverProcesses());
        ArrayNode leftovers = cleanup.putArray("leftovers");
        result.cleanup().leftovers().forEach(leftovers::add);
        JSON.writeValue(out, root);
    }
}
