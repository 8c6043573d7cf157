package dev.labkit.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.TestLabs;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON result of real gradings validates against the published docs/result.schema.json (draft 2020-12). */
class ResultSchemaTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void realResultsValidateAgainstThePublishedSchema() throws Exception {
        Schema schema = schema();
        for (GradeResult result : List.of(GradedSamples.solution(), GradedSamples.broken(), GradedSamples.buildFailed())) {
            for (Visibility visibility : Visibility.values()) {
                JsonNode json = JSON.readTree(GradedSamples.render(new JsonReport(visibility), result));

                assertThat(json.fieldNames().next()).isEqualTo("schemaVersion");
                assertThat(json.get("schemaVersion").asInt()).isEqualTo(JsonReport.SCHEMA_VERSION).isEqualTo(1);
                assertThat(schema.validate(json)).as(result.status() + " " + visibility).isEmpty();
            }
        }
    }

    /** So that the test above can fail: the schema does hold the result to its shape. */
    @Test
    void theSchemaRejectsAResultWithAFieldMissingOrOfTheWrongType() throws Exception {
        Schema schema = schema();
        ObjectNode json = (ObjectNode) JSON.readTree(GradedSamples.render(new JsonReport(Visibility.LEARNER),
                GradedSamples.solution()));

        ObjectNode noScore = json.deepCopy();
        noScore.remove("score");
        ObjectNode badStatus = json.deepCopy();
        ((ObjectNode) badStatus.get("checks").get(0)).put("status", "ok");
        ObjectNode nextVersion = json.deepCopy();
        nextVersion.put("schemaVersion", 2);

        assertThat(schema.validate(noScore)).extracting(Error::getMessage).anyMatch(m -> m.contains("score"));
        assertThat(schema.validate(badStatus)).isNotEmpty();
        assertThat(schema.validate(nextVersion)).isNotEmpty();
    }

    private static Schema schema() throws Exception {
        String text = Files.readString(TestLabs.home().resolve("docs/result.schema.json"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    }
}
