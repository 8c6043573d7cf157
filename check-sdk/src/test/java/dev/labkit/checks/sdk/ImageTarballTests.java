package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTarballTests {

    @TempDir
    Path dir;

    @Test
    void readsTheConfigAndLayersOfAnImageJibWroteInDockerFormat() throws Exception {
        Path tar = jibImage(ImageFormat.Docker, "1000");

        ImageTarball image = ImageTarball.read(tar);

        assertThat(image.layout()).isEqualTo("docker");
        assertThat(image.user()).isEqualTo("1000");
        assertThat(image.isRoot()).isFalse();
        assertThat(image.entrypoint()).containsExactly("java", "-jar", "/app/app.jar");
        assertThat(image.cmd()).containsExactly("serve");
        assertThat(image.env()).containsEntry("PORT", "8080").containsEntry("GREETING", "a=b");
        assertThat(image.exposedPorts()).containsExactly("8080/tcp");
        assertThat(image.workingDir()).isEqualTo("/app");
        assertThat(image.size()).isEqualTo(Files.size(tar));
        assertThat(image.layers()).hasSize(2);
        ImageTarball.Layer app = image.layers().get(1);
        assertThat(app.files()).contains(new ImageTarball.LayerFile("/app/app.jar", 11, false));
        assertThat(app.has("/app/app.jar")).isTrue();
        assertThat(image.layers().get(0).files()).containsExactly(new ImageTarball.LayerFile("/etc/motd", 5, false));
        // Jib names a layer file by the sha256 of its gzipped bytes: the digest is that of the bytes as stored.
        assertThat(app.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(app.compressedSize()).isPositive();
        assertThat(image.files()).extracting(ImageTarball.LayerFile::path).containsExactly("/etc/motd", "/app/app.jar");
    }

    @Test
    void readsAnImageJibWroteInOciFormat() throws Exception {
        Path tar = jibImage(ImageFormat.OCI, "");

        ImageTarball image = ImageTarball.read(tar);

        assertThat(image.layout()).isEqualTo("oci");
        assertThat(image.user()).isEmpty();
        assertThat(image.isRoot()).isTrue();
        assertThat(image.entrypoint()).containsExactly("java", "-jar", "/app/app.jar");
        assertThat(image.layers()).hasSize(2);
        assertThat(image.layers().get(1).has("/app/app.jar")).isTrue();
    }

    @Test
    void readsAHandmadeOciLayoutWithANestedIndexAndAnUncompressedLayer() throws Exception {
        byte[] layer = tar(Map.of("./opt/java/bin/java", "#!java", "etc/passwd", "root:x:0:0"), Map.of("usr/bin/env", "/bin/env"));
        String config = """
                {"architecture":"amd64","os":"linux","config":{"User":"root:root","Env":["JAVA_HOME=/opt/java","BARE"],
                 "Entrypoint":["/opt/java/bin/java"],"ExposedPorts":{"8080/tcp":{},"9090/udp":{}}},
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(digest(layer));
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}"""
                .formatted(digest(configBytes), configBytes.length, digest(layer), layer.length);
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String nested = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
                 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d}]}"""
                .formatted(digest(manifestBytes), manifestBytes.length);
        byte[] nestedBytes = nested.getBytes(StandardCharsets.UTF_8);
        String index = """
                {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json",
                 "digest":"%s","size":%d}]}""".formatted(digest(nestedBytes), nestedBytes.length);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        files.put("index.json", index.getBytes(StandardCharsets.UTF_8));
        files.put(blob(layer), layer);
        files.put(blob(configBytes), configBytes);
        files.put(blob(manifestBytes), manifestBytes);
        files.put(blob(nestedBytes), nestedBytes);
        Path tar = write("handmade-oci.tar", files, Map.of());

        ImageTarball image = ImageTarball.read(tar);

        assertThat(image.layout()).isEqualTo("oci");
        assertThat(image.user()).isEqualTo("root:root");
        assertThat(image.isRoot()).isTrue();
        assertThat(image.env()).containsExactly(Map.entry("JAVA_HOME", "/opt/java"), Map.entry("BARE", ""));
        assertThat(image.exposedPorts()).containsExactly("8080/tcp", "9090/udp");
        assertThat(image.cmd()).isEmpty();
        assertThat(image.workingDir()).isEmpty();
        ImageTarball.Layer only = image.layers().get(0);
        assertThat(only.digest()).isEqualTo(digest(layer));
        assertThat(only.compressedSize()).isEqualTo(layer.length);
        assertThat(only.files()).containsExactlyInAnyOrder(
                new ImageTarball.LayerFile("/opt/java/bin/java", 6, false),
                new ImageTarball.LayerFile("/etc/passwd", 10, false),
                new ImageTarball.LayerFile("/usr/bin/env", 0, true));
    }

    @Test
    void readsTheClassicDockerSaveLayoutWithALinkedLayerAndAGzippedTarball() throws Exception {
        byte[] layer = tar(Map.of("home/app/.env", "SECRET=1"), Map.of());
        String config = "{\"config\":{\"User\":\"app\",\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\"}}";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("abc/layer.tar", layer);
        files.put("cfg.json", config.getBytes(StandardCharsets.UTF_8));
        files.put("manifest.json", "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"abc/layer.tar\",\"def/layer.tar\"]}]"
                .getBytes(StandardCharsets.UTF_8));
        Path plain = write("saved.tar", files, Map.of("def/layer.tar", "../abc/layer.tar"));
        Path gzipped = dir.resolve("saved.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(plain, out);
        }

        ImageTarball image = ImageTarball.read(gzipped);

        assertThat(image.layout()).isEqualTo("docker");
        assertThat(image.user()).isEqualTo("app");
        assertThat(image.isRoot()).isFalse();
        assertThat(image.cmd()).containsExactly("/bin/sh");
        assertThat(image.entrypoint()).isEmpty();
        assertThat(image.layers()).hasSize(2);
        assertThat(image.layers()).allSatisfy(l -> assertThat(l.has("/home/app/.env")).isTrue());
        assertThat(image.size()).isEqualTo(Files.size(gzipped));
    }

    @Test
    void tellsRootUsersFromOthers() throws Exception {
        for (String root : List.of("", "root", "0", "0:0", "root:1000", "0:staff", " 0 ")) {
            assertThat(withUser(root).isRoot()).as("user '%s'", root).isTrue();
        }
        for (String other : List.of("1000", "1000:0", "app", "app:root", "rooter", "10")) {
            assertThat(withUser(other).isRoot()).as("user '%s'", other).isFalse();
        }
    }

    @Test
    void failsInOneLineNamingTheFileWhenItIsNotAnImageTarball() throws Exception {
        Path text = Files.writeString(dir.resolve("jib-image.tar"), "not a tar at all");
        Path noManifest = write("plain.tar", Map.of("hello.txt", "hi".getBytes(StandardCharsets.UTF_8)), Map.of());
        Path badConfig = write("bad-config.tar", Map.of("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[]}]".getBytes(StandardCharsets.UTF_8),
                "c.json", "{oops".getBytes(StandardCharsets.UTF_8)), Map.of());
        Path missingLayer = write("missing-layer.tar", Map.of("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[\"l.tar\"]}]".getBytes(StandardCharsets.UTF_8),
                "c.json", "{}".getBytes(StandardCharsets.UTF_8)), Map.of());
        Path layerNotTar = write("layer-not-tar.tar", Map.of("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[\"l.tar\"]}]".getBytes(StandardCharsets.UTF_8),
                "c.json", "{}".getBytes(StandardCharsets.UTF_8),
                "l.tar", "x".repeat(2000).getBytes(StandardCharsets.UTF_8)), Map.of());

        assertThatThrownBy(() -> ImageTarball.read(dir.resolve("absent.tar"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("absent.tar does not exist");
        assertThatThrownBy(() -> ImageTarball.read(text)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("jib-image.tar is not an image tarball");
        assertThatThrownBy(() -> ImageTarball.read(noManifest)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("neither manifest.json (docker save) nor index.json (OCI layout)");
        assertThatThrownBy(() -> ImageTarball.read(badConfig)).hasMessageEndingWith("its c.json is not JSON");
        assertThatThrownBy(() -> ImageTarball.read(missingLayer)).hasMessageContaining("names l.tar, which it does not hold");
        assertThatThrownBy(() -> ImageTarball.read(layerNotTar)).hasMessageContaining("its layer l.tar is not a tar");
        for (Path bad : List.of(text, noManifest, badConfig, missingLayer, layerNotTar)) {
            assertThatThrownBy(() -> ImageTarball.read(bad)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    // ---- fixtures

    private Path jibImage(ImageFormat format, String user) throws Exception {
        Path motd = Files.writeString(dir.resolve("motd"), "hello");
        Path jar = Files.writeString(dir.resolve("app.jar"), "not-a-jar!!");
        JibContainerBuilder builder = Jib.fromScratch()
                .setFormat(format)
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("base")
                        .addEntry(motd, AbsoluteUnixPath.get("/etc/motd")).build())
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("app")
                        .addEntry(jar, AbsoluteUnixPath.get("/app/app.jar")).build())
                .setEntrypoint("java", "-jar", "/app/app.jar")
                .setProgramArguments("serve")
                .setEnvironment(new LinkedHashMap<>(Map.of("PORT", "8080", "GREETING", "a=b")))
                .setExposedPorts(Set.of(Port.tcp(8080)))
                .setWorkingDirectory(AbsoluteUnixPath.get("/app"));
        if (!user.isEmpty()) {
            builder.setUser(user);
        }
        Path tar = dir.resolve("jib-" + format + ".tar");
        builder.containerize(Containerizer.to(TarImage.at(tar).named("labkit/test-image:1"))
                .setBaseImageLayersCache(dir.resolve("jib-cache"))
                .setApplicationLayersCache(dir.resolve("jib-app-cache")));
        return tar;
    }

    private ImageTarball withUser(String user) throws IOException {
        String config = "{\"config\":{\"User\":\"" + user + "\"}}";
        return ImageTarball.read(write("user.tar", Map.of("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[]}]".getBytes(StandardCharsets.UTF_8),
                "c.json", config.getBytes(StandardCharsets.UTF_8)), Map.of()));
    }

    private static byte[] tar(Map<String, String> files, Map<String, String> symlinks) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTar(out, bytes, symlinks, List.of("opt/", "etc/"));
        return out.toByteArray();
    }

    private Path write(String name, Map<String, byte[]> files, Map<String, String> symlinks) throws IOException {
        Path tar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(tar)) {
            writeTar(out, files, symlinks, List.of());
        }
        return tar;
    }

    private static void writeTar(OutputStream target, Map<String, byte[]> files, Map<String, String> symlinks,
            List<String> directories) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(target)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String directory : directories) {
                out.putArchiveEntry(new TarArchiveEntry(directory));
                out.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                out.putArchiveEntry(entry);
                out.write(file.getValue());
                out.closeArchiveEntry();
            }
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(link.getKey(), TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(link.getValue());
                out.putArchiveEntry(entry);
                out.closeArchiveEntry();
            }
        }
    }

    private static String digest(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String blob(byte[] bytes) throws Exception {
        return "blobs/sha256/" + digest(bytes).substring("sha256:".length());
    }
}
