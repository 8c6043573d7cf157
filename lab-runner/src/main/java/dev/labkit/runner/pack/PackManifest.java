package dev.labkit.runner.pack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.LabException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pack's {@code labpack.json}: what it is, what it needs, and the SHA-256 of every other file in it.
 * <pre>{@code
 * {"format": 1, "name": "bootcamp", "version": "2026.1", "edition": "learner",
 *  "createdAt": "2026-11-30T13:00:00Z", "runner": "[0.1.0,1)", "checkSdk": "1.0.0",
 *  "labs": [{"id": "01-chatbot", "title": "..."}],
 *  "files": [{"path": "labs/01-chatbot/lab.yaml", "sha256": "<64 hex>", "size": 412}, ...]}
 * }</pre>
 *
 * @param format the layout's version, {@value #FORMAT} (a reader refuses any other)
 * @param name the pack's name
 * @param version the pack's own version (free text, e.g. {@code 2026.1})
 * @param edition full or learner
 * @param createdAt when it was made (second precision)
 * @param runner the runner versions it needs, as a Maven version range ({@code [0.1.0,1)})
 * @param checkSdk the check SDK version its suites are compiled against ({@code 1.0.0})
 * @param labs its labs, in id order
 * @param files every file of the pack but the manifest and its signature, in path order
 */
public record PackManifest(int format, String name, String version, PackEdition edition, Instant createdAt,
        String runner, String checkSdk, List<Lab> labs, List<PackFile> files) {

    /** The only layout this runner reads and writes. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PackManifest {
        labs = List.copyOf(labs);
        files = List.copyOf(files);
    }

    /**
     * One lab of the pack.
     *
     * @param id its id and folder name under {@code labs/}
     * @param title its one-line title
     */
    public record Lab(String id, String title) {}

    /**
     * One file of the pack.
     *
     * @param path its entry name ({@code labs/01-chatbot/lab.yaml})
     * @param sha256 the SHA-256 of its bytes, 64 lowercase hex digits
     * @param size its length in bytes
     * @param executable whether it is extracted executable ({@code mvnw}, a script)
     */
    public record PackFile(String path, String sha256, long size, boolean executable) {}

    /** The manifest as UTF-8 JSON, indented, with {@code \n} line ends: the same manifest always gives the same bytes. */
    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("name", name);
        root.put("version", version);
        root.put("edition", edition.id());
        root.put("createdAt", createdAt.toString());
        root.put("runner", runner);
        root.put("checkSdk", checkSdk);
        ArrayNode labNodes = root.putArray("labs");
        labs.forEach(lab -> labNodes.addObject().put("id", lab.id()).put("title", lab.title()));
        ArrayNode fileNodes = root.putArray("files");
        for (PackFile file : files) {
            ObjectNode node = fileNodes.addObject().put("path", file.path()).put("sha256", file.sha256())
                    .put("size", file.size());
            if (file.executable()) {
                node.put("executable", true);
            }
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (JSON.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @param bytes the manifest's bytes
     * @param source what to call it in errors (the pack's file name)
     * @throws LabException with one line naming what is wrong, when it is not a manifest this runner reads
     */
    public static PackManifest parse(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw bad(source, "its labpack.json is not JSON (" + LabException.firstLine(e.getMessage(), e.toString()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(source, "its labpack.json is not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw LabException.of(source + " is a pack of format " + root.path("format")
                    + ", and this runner reads format " + FORMAT + ": update LabKit (git pull), or ask for a pack"
                    + " of format " + FORMAT);
        }
        List<Lab> labs = new ArrayList<>();
        for (JsonNode lab : array(root, "labs", source)) {
            labs.add(new Lab(text(lab, "id", source), text(lab, "title", source)));
        }
        List<PackFile> files = new ArrayList<>();
        for (JsonNode file : array(root, "files", source)) {
            String sha256 = text(file, "sha256", source);
            if (!SHA256.matcher(sha256).matches()) {
                throw bad(source, "the SHA-256 of " + text(file, "path", source) + " in labpack.json is not 64 hex digits");
            }
            if (!file.path("size").canConvertToLong()) {
                throw bad(source, "the size of " + text(file, "path", source) + " in labpack.json is not a number");
            }
            files.add(new PackFile(text(file, "path", source), sha256, file.path("size").asLong(),
                    file.path("executable").asBoolean(false)));
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(root, "createdAt", source));
        } catch (DateTimeParseException e) {
            throw bad(source, "createdAt in labpack.json is not a UTC time like 2026-11-30T13:00:00Z");
        }
        return new PackManifest(format, text(root, "name", source), text(root, "version", source),
                PackEdition.of(text(root, "edition", source)), createdAt, text(root, "runner", source),
                text(root, "checkSdk", source), labs, files);
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw bad(source, "labpack.json has no " + field);
        }
        return value.asText();
    }

    private static JsonNode array(JsonNode root, String field, String source) {
        JsonNode value = root.get(field);
        if (value == null || !value.isArray()) {
            throw bad(source, "labpack.json has no list of " + field);
        }
        return value;
    }

    private static LabException bad(String source, String problem) {
        return LabException.of(source + " is not a valid lab pack: " + problem + "; build it again with `lab pack`");
    }
}
