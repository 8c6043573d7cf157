package dev.labkit.runner.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A class's rows and what is written from them into the output folder: {@code gradebook.csv} (RFC 4180, via
 * jackson-dataformat-csv, quoted only where a cell needs it: {@code student,status,score,max,<one column per check id>,reason}, rows sorted by
 * student, no times, so that merged shards equal one run byte for byte), {@code gradebook.json} (schemaVersion 1,
 * see docs/grading-a-class.md) and {@code summary.md}; each rewritten atomically. Thread-safe.
 */
public final class Gradebook {

    /** The version of gradebook.json's layout. */
    public static final int SCHEMA_VERSION = 1;

    public static final String CSV = "gradebook.csv";
    public static final String JSON = "gradebook.json";
    public static final String SUMMARY = "summary.md";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A pair of students whose code is alike, {@code first < second}; {@code similarity} 0..1. */
    public record Pair(String first, String second, double similarity) {}

    private final String lab;
    private final Map<String, Integer> checks;
    private final TreeMap<String, Row> rows = new TreeMap<>();
    private List<Pair> pairs = List.of();

    /**
     * @param lab the lab id
     * @param checks the lab's checks in its order: id -> the points it is worth
     */
    public Gradebook(String lab, Map<String, Integer> checks) {
        this.lab = lab;
        this.checks = new LinkedHashMap<>(checks);
    }

    public String lab() {
        return lab;
    }

    /** The check ids, in the lab's order, with their points. */
    public Map<String, Integer> checks() {
        return new LinkedHashMap<>(checks);
    }

    /** Adds {@code row}, or replaces the student's earlier one. */
    public synchronized void put(Row row) {
        rows.put(row.student(), row);
    }

    /** The rows, sorted by student. */
    public synchronized List<Row> rows() {
        return new ArrayList<>(rows.values());
    }

    public synchronized void similarPairs(List<Pair> similar) {
        pairs = List.copyOf(similar);
    }

    public synchronized List<Pair> similarPairs() {
        return pairs;
    }

    public ClassSummary summary() {
        return ClassSummary.of(new ArrayList<>(checks.keySet()), rows(), checks);
    }

    /** Writes gradebook.csv, gradebook.json and summary.md into {@code out}, each atomically. */
    public synchronized void writeTo(Path out) throws IOException {
        AtomicFiles.write(out.resolve(CSV), csv());
        AtomicFiles.write(out.resolve(JSON), MAPPER.writeValueAsString(json()) + "\n");
        AtomicFiles.write(out.resolve(SUMMARY), summary().markdown(lab, rows()));
    }

    /** gradebook.csv's text: a header, then one line per row ({@code \n} line ends). */
    public synchronized String csv() throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder();
        List<String> header = new ArrayList<>(List.of("student", "status", "score", "max"));
        header.addAll(checks.keySet());
        header.add("reason");
        StringWriter text = new StringWriter();
        try (var writer = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writerFor(String[].class).with(schema.build().withoutHeader())
                .writeValues(text)) {
            writer.write(header.toArray(String[]::new));
            for (Row row : rows.values()) {
                List<String> cells = new ArrayList<>(List.of(row.student(), row.status(), Integer.toString(row.score()),
                        Integer.toString(row.maxScore())));
                for (String check : checks.keySet()) {
                    Integer points = row.checks().get(check);
                    cells.add(points == null ? "" : points.toString());
                }
                cells.add(row.reason().replace('\n', ' '));
                writer.write(cells.toArray(String[]::new));
            }
        }
        return text.toString();
    }

    /** gradebook.json's tree. */
    public synchronized ObjectNode json() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("lab", lab);
        ArrayNode checkList = root.putArray("checks");
        checks.forEach((id, points) -> checkList.addObject().put("id", id).put("maxPoints", points));
        ArrayNode submissions = root.putArray("submissions");
        rows.values().forEach(row -> submissions.add(rowJson(row)));
        root.set("summary", summary().toJson());
        ArrayNode similar = root.putArray("similarPairs");
        for (Pair pair : pairs) {
            similar.addObject().put("first", pair.first()).put("second", pair.second())
                    .put("similarity", pair.similarity());
        }
        return root;
    }

    /** The gradebook of an output folder, read from its gradebook.json; a missing or foreign file -> LabException. */
    public static Gradebook read(Path out) {
        Path file = out.resolve(JSON);
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw LabException.of("cannot read " + file + " (" + e.getMessage().lines().findFirst().orElse("")
                    + "): give an output folder of `lab grade`");
        }
        if (root == null || root.path("schemaVersion").asInt() != SCHEMA_VERSION || !root.path("lab").isTextual()) {
            throw LabException.of(file + " is not a gradebook of schemaVersion " + SCHEMA_VERSION
                    + ": give an output folder of this version of `lab grade`");
        }
        Map<String, Integer> checks = new LinkedHashMap<>();
        root.path("checks").forEach(check -> checks.put(check.path("id").asText(), check.path("maxPoints").asInt()));
        Gradebook gradebook = new Gradebook(root.get("lab").asText(), checks);
        for (JsonNode node : root.path("submissions")) {
            gradebook.put(row(node));
        }
        List<Pair> pairs = new ArrayList<>();
        root.path("similarPairs").forEach(pair -> pairs.add(new Pair(pair.path("first").asText(),
                pair.path("second").asText(), pair.path("similarity").asDouble())));
        gradebook.similarPairs(pairs);
        return gradebook;
    }

    /** A row as gradebook.json (and a submission's row.json) hold it. */
    static Row row(JsonNode node) {
        Map<String, Integer> points = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("checks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> check = it.next();
            points.put(check.getKey(), check.getValue().asInt());
        }
        return new Row(node.path("student").asText(), node.path("contentHash").asText(), node.path("status").asText(),
                node.path("score").asInt(), node.path("maxScore").asInt(), node.path("reason").asText(),
                node.path("folder").asText(), points);
    }

    /** A row as JSON (a submission's row.json). */
    static ObjectNode rowJson(Row row) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("student", row.student());
        node.put("contentHash", row.contentHash());
        node.put("status", row.status());
        node.put("score", row.score());
        node.put("maxScore", row.maxScore());
        node.put("reason", row.reason());
        node.put("folder", row.folder());
        ObjectNode points = node.putObject("checks");
        row.checks().forEach(points::put);
        return node;
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static boolean exists(Path out) {
        return Files.isRegularFile(out.resolve(JSON));
    }
}
