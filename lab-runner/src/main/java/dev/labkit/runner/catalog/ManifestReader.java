package dev.labkit.runner.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates a {@code lab.yaml}; every problem is reported with the file and the field. */
final class ManifestReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Set<String> KNOWN_FIELDS =
            Set.of("id", "title", "stage", "summary", "suite", "models", "env", "limits", "sandbox",
                    "scaffold-max-score", "services", "image", "health", "grade-alone");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(k|m|g)");
    private static final Set<String> SANDBOX_FIELDS = Set.of("image", "cpus", "memory");
    private static final Set<String> SERVICE_FIELDS = Set.of("image");
    /** Ollama's roles (chat, embedding, vision) and the speech server's (stt, tts). */
    static final Set<String> MODEL_ROLES = Set.of("chat", "embedding", "vision", LabManifest.STT_ROLE,
            LabManifest.TTS_ROLE);

    private ManifestReader() {}

    static LabManifest read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw LabException.badManifest(file, "not valid YAML (" + LabException.firstLine(e.getMessage(), "unreadable") + ")");
        }
        if (root == null || !root.isObject()) {
            throw LabException.badManifest(file, "expected a YAML mapping with id, title, suite...");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_FIELDS.contains(name)) {
                throw LabException.badManifest(file, "unknown field '" + name + "' (known: "
                        + String.join(", ", KNOWN_FIELDS.stream().sorted().toList()) + ")");
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        String id = requiredText(file, root, "id");
        if (!id.equals(dir.getFileName().toString())) {
            throw LabException.badManifest(file, "id '" + id + "' must equal the lab's folder name '"
                    + dir.getFileName() + "'");
        }
        Map<String, String> models = stringMap(file, root, "models");
        models.keySet().forEach(role -> {
            if (!MODEL_ROLES.contains(role)) {
                throw LabException.badManifest(file, "models: unknown role '" + role
                        + "' (use chat, embedding, vision, stt or tts)");
            }
        });
        return new LabManifest(
                id,
                requiredText(file, root, "title"),
                root.path("stage").asInt(0),
                root.path("summary").asText("").strip(),
                requiredText(file, root, "suite"),
                models,
                stringMap(file, root, "env"),
                limits(file, root.path("limits")),
                sandbox(file, root.path("sandbox")),
                scaffoldMaxScore(file, root.path("scaffold-max-score")),
                health(file, root.path("health")),
                dir,
                false,
                services(file, root.path("services")),
                image(file, root.path("image")),
                gradeAlone(file, root.path("grade-alone")));
    }

    /** {@code services: {redis: {}}}: a mapping from a known service name to its options ({@code image:}). */
    private static List<ServiceSpec> services(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        String known = String.join(", ", ServiceSpec.KINDS.stream().sorted().toList());
        if (!node.isObject()) {
            throw LabException.badManifest(file, "'services' must be a mapping of service names to options"
                    + " (write e.g. services: {redis: {}})");
        }
        List<ServiceSpec> services = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (!ServiceSpec.KINDS.contains(name)) {
                throw LabException.badManifest(file, "services: unknown service '" + name + "' (known: " + known + ")");
            }
            JsonNode options = e.getValue();
            if (options.isNull() || options.isMissingNode()) {
                services.add(new ServiceSpec(name, Optional.empty()));
                return;
            }
            if (!options.isObject()) {
                throw LabException.badManifest(file, "services." + name + " must be a mapping of options"
                        + " (write e.g. " + name + ": {} or " + name + ": {image: redis:7.4-alpine})");
            }
            options.fieldNames().forEachRemaining(option -> {
                if (!SERVICE_FIELDS.contains(option)) {
                    throw LabException.badManifest(file, "services." + name + ": unknown option '" + option
                            + "' (known: image)");
                }
            });
            JsonNode image = options.path("image");
            if (!image.isMissingNode() && (!image.isTextual() || image.asText().isBlank())) {
                throw LabException.badManifest(file, "services." + name + ".image must name an image"
                        + " (write e.g. image: redis:7.4-alpine)");
            }
            services.add(new ServiceSpec(name, image.isMissingNode() ? Optional.empty()
                    : Optional.of(image.asText().strip())));
        });
        return services;
    }

    /** {@code grade-alone: true|false}, default false. */
    private static boolean gradeAlone(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw LabException.badManifest(file, "grade-alone: '" + node.asText() + "' is not true or false"
                    + " (write grade-alone: true for a lab whose checks measure speed)");
        }
        return node.asBoolean();
    }

    /** {@code image: jib}, the one way of making an image the runner supports; absent: the lab has no image. */
    private static Optional<String> image(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || !node.asText().strip().equals(LabManifest.JIB_IMAGE)) {
            throw LabException.badManifest(file, "image: '" + node.asText() + "' is not supported (write image: "
                    + LabManifest.JIB_IMAGE + " for an app whose Maven build makes its image with Jib, or leave it out)");
        }
        return Optional.of(LabManifest.JIB_IMAGE);
    }

    /** {@code health:}: a path on the app, such as {@code /health/ready}; {@value LabManifest#HEALTH_PATH} when absent. */
    private static String health(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return LabManifest.HEALTH_PATH;
        }
        String path = node.isTextual() ? node.asText().strip() : "";
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ')) {
            throw LabException.badManifest(file, "health: '" + (node.isValueNode() ? node.asText() : node.toString())
                    + "' is not a path on the app"
                    + " (write e.g. health: /health/ready)");
        }
        return path;
    }

    private static int scaffoldMaxScore(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return LabManifest.SCAFFOLD_MAX_SCORE;
        }
        if (!node.isInt() || node.asInt() < 0) {
            throw LabException.badManifest(file, "scaffold-max-score: '" + node.asText()
                    + "' is not a whole number of points (write e.g. scaffold-max-score: 10)");
        }
        return node.asInt();
    }

    private static Limits limits(Path file, JsonNode node) {
        Limits defaults = Limits.DEFAULT;
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        return new Limits(
                duration(file, node, "build", defaults.build()),
                duration(file, node, "start", defaults.start()),
                duration(file, node, "check", defaults.check()),
                duration(file, node, "total", defaults.total()));
    }

    private static SandboxSpec sandbox(Path file, JsonNode node) {
        SandboxSpec defaults = SandboxSpec.DEFAULT;
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw LabException.badManifest(file, "'sandbox' must be a mapping with image, cpus and/or memory");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!SANDBOX_FIELDS.contains(name)) {
                throw LabException.badManifest(file, "sandbox: unknown field '" + name + "' (known: cpus, image, memory)");
            }
        });
        JsonNode image = node.path("image");
        JsonNode cpus = node.path("cpus");
        JsonNode memory = node.path("memory");
        try {
            return new SandboxSpec(
                    image.isValueNode() && !image.asText().isBlank() ? Optional.of(image.asText().strip()) : defaults.image(),
                    cpus.isMissingNode() ? defaults.cpus() : Double.parseDouble(cpus.asText()),
                    memory.isMissingNode() ? defaults.memoryBytes() : parseBytes(memory.asText()));
        } catch (IllegalArgumentException e) {
            throw LabException.badManifest(file, "sandbox: " + e.getMessage()
                    + " (write e.g. cpus: 1.5 and memory: 768m)");
        }
    }

    /** Parses {@code 768m}, {@code 1g}, {@code 65536k}. */
    static long parseBytes(String text) {
        Matcher matcher = BYTES.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "k" -> amount << 10;
            case "m" -> amount << 20;
            default -> amount << 30;
        };
    }

    private static Duration duration(Path file, JsonNode limits, String name, Duration fallback) {
        JsonNode value = limits.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        try {
            Duration parsed = parseDuration(value.asText());
            if (parsed.isZero()) {
                throw new IllegalArgumentException();
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw LabException.badManifest(file, "limits." + name + ": '" + value.asText()
                    + "' is not a duration (write e.g. 90s, 5m or 500ms)");
        }
    }

    /** Parses {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}. */
    static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static String requiredText(Path file, JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw LabException.badManifest(file, "missing required field '" + field + "'");
        }
        return value.asText().strip();
    }

    private static Map<String, String> stringMap(Path file, JsonNode root, String field) {
        JsonNode node = root.path(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw LabException.badManifest(file, "'" + field + "' must be a mapping of names to values");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw LabException.badManifest(file, field + "." + e.getKey() + " must be a plain value");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }
}
