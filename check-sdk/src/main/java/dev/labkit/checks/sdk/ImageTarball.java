package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A container image as a tarball on disk (e.g. Jib's {@code target/jib-image.tar}), read without Docker: its
 * configuration (user, entrypoint, command, environment, exposed ports, working directory) and its layers with the
 * files each adds.
 *
 * <p>Two layouts are read, the two {@code docker load} takes:
 * <ul>
 *   <li>Docker's {@code docker save} layout (Jib's {@code buildTar} default): {@code manifest.json}, a JSON array
 *       whose first element names the {@code Config} file and the {@code Layers} files (moby's
 *       {@code image/spec/v1.2.md}, "Combined Image JSON + Filesystem Changeset Format");</li>
 *   <li>the OCI image layout (image-spec {@code image-layout.md}): {@code oci-layout}, {@code index.json} and
 *       {@code blobs/<alg>/<hex>}; the index's first image manifest is read (nested indexes are followed).</li>
 * </ul>
 * The tarball itself may be gzipped, and so may each layer (gzip is detected by its magic bytes, whatever the
 * name or media type says). When a {@code docker save} tarball holds several images, the first is read.
 *
 * <p>A file that is not such a tarball (missing, unreadable, not a tar, no manifest, a config that is not JSON, a
 * layer it names missing or not a tar) is the app build's fault, so {@link #read} fails with a learner-facing
 * one-line {@link AssertionError} that names the file and what is wrong, as {@link AppResponse#json()} does for an
 * answer that is not JSON.
 */
public final class ImageTarball {

    /** Files up to this size are kept in memory while indexing: JSON documents (manifests, configs) are small. */
    private static final long SMALL_FILE = 4L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long size;
    private final String layout;
    private final String user;
    private final List<String> entrypoint;
    private final List<String> cmd;
    private final Map<String, String> env;
    private final List<String> exposedPorts;
    private final String workingDir;
    private final List<Layer> layers;

    private ImageTarball(Path path, long size, String layout, JsonNode config, List<Layer> layers) {
        this.path = path;
        this.size = size;
        this.layout = layout;
        JsonNode c = config.path("config");
        this.user = c.path("User").asText("");
        this.entrypoint = strings(c.path("Entrypoint"));
        this.cmd = strings(c.path("Cmd"));
        Map<String, String> variables = new LinkedHashMap<>();
        for (String assignment : strings(c.path("Env"))) {
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                variables.put(assignment, "");
            } else {
                variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        this.env = Collections.unmodifiableMap(variables);
        List<String> ports = new ArrayList<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        this.exposedPorts = List.copyOf(ports);
        this.workingDir = c.path("WorkingDir").asText("");
        this.layers = List.copyOf(layers);
    }

    /**
     * Reads an image tarball.
     *
     * @param tar a {@code docker save} or OCI-layout tarball, plain or gzipped
     * @throws AssertionError (one line, naming the file) when the file is missing or is not an image tarball
     */
    public static ImageTarball read(Path tar) {
        Objects.requireNonNull(tar, "tar");
        if (!Files.isRegularFile(tar)) {
            throw new AssertionError(tar + " does not exist (the build should write the image tarball there)");
        }
        try {
            Index index = Index.of(tar);
            Plan plan = index.has("manifest.json") ? dockerPlan(tar, index)
                    : index.has("index.json") ? ociPlan(tar, index)
                    : null;
            if (plan == null) {
                throw notImage(tar, index.names.isEmpty() ? "it holds no files"
                        : "it holds neither manifest.json (docker save) nor index.json (OCI layout)");
            }
            List<Layer> layers = readLayers(tar, plan.layerFiles);
            return new ImageTarball(tar, Files.size(tar), plan.layout, plan.config, layers);
        } catch (IOException e) {
            throw notImage(tar, "it cannot be read as a tar (" + oneLine(e) + ")");
        }
    }

    /** The file read. */
    public Path path() {
        return path;
    }

    /** The tarball's size on disk, in bytes. */
    public long size() {
        return size;
    }

    /** {@code docker} ({@code docker save} layout, {@code manifest.json}) or {@code oci} (OCI image layout). */
    public String layout() {
        return layout;
    }

    /** The configured user ({@code config.User}: {@code name}, {@code uid}, {@code uid:gid}...), "" when unset. */
    public String user() {
        return user;
    }

    /**
     * Whether the container runs as root: the user is unset (Docker then runs as root), or its user part (before
     * any {@code :}) is {@code root} or {@code 0}.
     */
    public boolean isRoot() {
        String u = user.strip();
        int colon = u.indexOf(':');
        String name = colon < 0 ? u : u.substring(0, colon);
        return name.isEmpty() || name.equals("root") || name.equals("0");
    }

    /** {@code config.Entrypoint}, empty when unset. */
    public List<String> entrypoint() {
        return entrypoint;
    }

    /** {@code config.Cmd}, empty when unset. */
    public List<String> cmd() {
        return cmd;
    }

    /** {@code config.Env} as name to value, in the image's order; a bare {@code NAME} maps to "". */
    public Map<String, String> env() {
        return env;
    }

    /** {@code config.ExposedPorts}' keys, e.g. {@code 8080/tcp}, in the image's order. */
    public List<String> exposedPorts() {
        return exposedPorts;
    }

    /** {@code config.WorkingDir}, "" when unset. */
    public String workingDir() {
        return workingDir;
    }

    /** The layers, base first. */
    public List<Layer> layers() {
        return layers;
    }

    /** Every file of every layer, base first (a later layer's file of the same path overrides the earlier one). */
    public List<LayerFile> files() {
        List<LayerFile> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.files()));
        return all;
    }

    @Override
    public String toString() {
        return path + " (" + layout + " layout, " + layers.size() + " layers, " + size + " bytes, user '" + user + "')";
    }

    /**
     * One layer.
     *
     * @param digest         {@code sha256:<hex>} of the layer's bytes as stored in the tarball (for an OCI layout,
     *                       its blob digest; for Jib's and current Docker's tarballs, the manifest's layer digest)
     * @param compressedSize bytes as stored (its size when the layer is not compressed)
     * @param files          its regular files and links, in the layer's order
     */
    public record Layer(String digest, long compressedSize, List<LayerFile> files) {

        public Layer {
            files = List.copyOf(files);
        }

        /** Whether it holds a file at {@code path} (absolute, e.g. {@code /opt/java/bin/java}). */
        public boolean has(String path) {
            return files.stream().anyMatch(f -> f.path().equals(path));
        }
    }

    /**
     * A file a layer adds.
     *
     * @param path absolute path in the image, e.g. {@code /app/libs/x.jar} (whiteouts keep their {@code .wh.}
     *             names)
     * @param size bytes (0 for links)
     * @param link whether it is a symbolic or hard link
     */
    public record LayerFile(String path, long size, boolean link) {}

    // ---- reading

    /** Which files to read as layers, the config, and the layout's name. */
    private record Plan(String layout, JsonNode config, List<String> layerFiles) {}

    private static Plan dockerPlan(Path tar, Index index) {
        JsonNode manifest = index.json(tar, "manifest.json");
        if (!manifest.isArray() || manifest.isEmpty() || !manifest.get(0).isObject()) {
            throw notImage(tar, "its manifest.json is not a non-empty JSON array of images");
        }
        JsonNode image = manifest.get(0);
        String configName = image.path("Config").asText("");
        if (configName.isEmpty()) {
            throw notImage(tar, "its manifest.json names no Config");
        }
        JsonNode config = index.json(tar, configName);
        List<String> layerFiles = new ArrayList<>();
        for (JsonNode layer : image.path("Layers")) {
            layerFiles.add(index.resolve(tar, layer.asText()));
        }
        return new Plan("docker", config, layerFiles);
    }

    private static Plan ociPlan(Path tar, Index index) {
        JsonNode node = index.json(tar, "index.json");
        for (int depth = 0; depth < 8; depth++) {
            JsonNode manifests = node.path("manifests");
            if (manifests.isArray()) {
                // An index (index.json itself, or a nested image index): follow its first entry.
                if (manifests.isEmpty()) {
                    throw notImage(tar, "its OCI index lists no manifests");
                }
                node = index.json(tar, blob(tar, manifests.get(0)));
                continue;
            }
            if (!node.path("config").isObject()) {
                throw notImage(tar, "its OCI manifest has no config");
            }
            JsonNode config = index.json(tar, blob(tar, node.path("config")));
            List<String> layerFiles = new ArrayList<>();
            for (JsonNode layer : node.path("layers")) {
                layerFiles.add(index.resolve(tar, blob(tar, layer)));
            }
            return new Plan("oci", config, layerFiles);
        }
        throw notImage(tar, "its OCI indexes nest more than 8 deep");
    }

    /** A descriptor's blob path, {@code blobs/<alg>/<hex>}. */
    private static String blob(Path tar, JsonNode descriptor) {
        String digest = descriptor.path("digest").asText("");
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon == digest.length() - 1 || digest.contains("/")) {
            throw notImage(tar, "an OCI descriptor has no valid digest ('" + digest + "')");
        }
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }

    /** Second pass: reads each named layer file (in manifest order) as a tar, gzipped or not. */
    private static List<Layer> readLayers(Path tar, List<String> layerFiles) throws IOException {
        Map<String, Layer> read = new HashMap<>();
        try (TarArchiveInputStream outer = open(tar)) {
            TarArchiveEntry entry;
            while ((entry = outer.getNextEntry()) != null) {
                String name = normalize(entry.getName());
                if (entry.isFile() && layerFiles.contains(name) && !read.containsKey(name)) {
                    read.put(name, layer(tar, name, outer));
                }
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (String name : layerFiles) {
            Layer layer = read.get(name);
            if (layer == null) {
                throw notImage(tar, "its manifest names the layer " + name + ", which it does not hold");
            }
            layers.add(layer);
        }
        return layers;
    }

    private static Layer layer(Path tar, String name, InputStream entry) {
        MessageDigest sha256 = sha256();
        CountingStream counted = new CountingStream(new DigestInputStream(entry, sha256));
        List<LayerFile> files = new ArrayList<>();
        try {
            BufferedInputStream buffered = new BufferedInputStream(counted);
            buffered.mark(2);
            boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream plain = gzipped ? new GzipCompressorInputStream(buffered, true) : buffered;
            TarArchiveInputStream layerTar = new TarArchiveInputStream(plain);
            TarArchiveEntry file;
            while ((file = layerTar.getNextEntry()) != null) {
                if (file.isDirectory()) {
                    continue;
                }
                boolean link = file.isSymbolicLink() || file.isLink();
                files.add(new LayerFile("/" + normalize(file.getName()), link ? 0 : file.getSize(), link));
            }
            buffered.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw notImage(tar, "its layer " + name + " is not a tar, plain or gzipped (" + oneLine(e) + ")");
        }
        return new Layer("sha256:" + HexFormat.of().formatHex(sha256.digest()), counted.count, files);
    }

    private static TarArchiveInputStream open(Path tar) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(tar), 65536);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new TarArchiveInputStream(gzipped ? new GzipCompressorInputStream(in, true) : in);
    }

    /** First pass: every file's name, the small files' bytes, and where links point. */
    private static final class Index {
        private final List<String> names = new ArrayList<>();
        private final Map<String, byte[]> small = new HashMap<>();
        private final Map<String, String> links = new HashMap<>();

        static Index of(Path tar) throws IOException {
            Index index = new Index();
            try (TarArchiveInputStream in = open(tar)) {
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    String name = normalize(entry.getName());
                    if (entry.isSymbolicLink() || entry.isLink()) {
                        String target = entry.getLinkName();
                        String resolved = entry.isLink() || target.startsWith("/") ? normalize(target)
                                : normalize(parent(name) + target);
                        index.links.put(name, resolved);
                        index.names.add(name);
                    } else if (entry.isFile()) {
                        index.names.add(name);
                        if (entry.getSize() <= SMALL_FILE) {
                            index.small.put(name, in.readAllBytes());
                        }
                    }
                }
            }
            return index;
        }

        boolean has(String name) {
            return names.contains(name);
        }

        /** The file a name stands for, links followed (a few hops at most). */
        String resolve(Path tar, String name) {
            String current = normalize(name);
            for (int hops = 0; hops < 8 && links.containsKey(current); hops++) {
                current = links.get(current);
            }
            if (!names.contains(current)) {
                throw notImage(tar, "its manifest names " + name + ", which it does not hold");
            }
            return current;
        }

        JsonNode json(Path tar, String name) {
            String file = resolve(tar, name);
            byte[] bytes = small.get(file);
            if (bytes == null) {
                throw notImage(tar, "its " + file + " is too large to be a JSON document");
            }
            try {
                JsonNode node = JSON.readTree(bytes);
                if (node == null || node.isMissingNode()) {
                    throw notImage(tar, "its " + file + " is empty, expected JSON");
                }
                return node;
            } catch (IOException e) {
                throw notImage(tar, "its " + file + " is not JSON");
            }
        }
    }

    private static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash + 1);
    }

    /** A tar name without {@code ./}, leading or doubled slashes, {@code .} and {@code ..} segments. */
    private static String normalize(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                values.add(it.next().asText());
            }
        } else if (array.isTextual()) {
            values.add(array.asText());
        }
        return List.copyOf(values);
    }

    private static AssertionError notImage(Path tar, String why) {
        return new AssertionError(tar + " is not an image tarball (docker save or OCI layout): " + why);
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes would escape the digest: read them instead.
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public void close() {
            // The outer tar's entry: the outer stream closes it.
        }
    }
}
