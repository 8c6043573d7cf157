package dev.labkit.runner.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The offline Java base image for learners' images ({@code image: jib} labs): a Java runtime made from the runner's
 * own JDK, written as a Docker-format image tarball ({@code docker save} layout) with Google's jib-core, without
 * Docker and without a registry. Jib's Maven plugin takes it as a base with
 * {@code -Djib.from.image=tar://<file>}.
 *
 * <p>What it holds, as {@code docker/jre-base.sh} makes it: {@code jlink}'s runtime of every module of the JDK
 * ({@code /opt/java}, debug info, man pages and headers stripped), the shared libraries {@code ldd} lists for the
 * runtime's binaries and libraries (plus those ONNX Runtime loads: libstdc++, libgcc_s...), the dynamic loader,
 * {@code /etc/passwd} and {@code /etc/group} with {@code root} and {@code app} (uid 1000), a writable {@code /tmp}
 * and {@code /home/app}; env {@code JAVA_HOME=/opt/java} and {@code PATH=/opt/java/bin:/usr/bin:/bin}. Unlike
 * jre-base.sh it sets no user and no working directory: the app's own Jib configuration must choose a non-root user
 * ({@code <container><user>1000</user>}), and a check sees whether it did.
 *
 * <p>Made once per Java ({@code java.home} and {@code java.version}) into a cache folder,
 * {@code ~/.labkit/cache/images/jre-base-<hash>.tar} by default, atomically (a process that finds it finds it
 * whole), and reused after. Making it takes seconds (jlink is most of it).
 */
public final class JreBaseImage {

    /** Changes when what goes into the image changes, so that older cached bases are not reused. */
    private static final String RECIPE = "1";

    /** The libraries ONNX Runtime (in-process embeddings) loads besides the runtime's own, as jre-base.sh adds them. */
    private static final List<String> EXTRA_LIBRARIES = List.of("libstdc++.so.6", "libgcc_s.so.1", "libdl.so.2",
            "libpthread.so.0", "librt.so.1", "libm.so.6", "libc.so.6");

    private static final Duration JLINK_LIMIT = Duration.ofMinutes(5);
    private static final Duration LDD_LIMIT = Duration.ofSeconds(30);

    private final Path javaHome;
    private final String javaVersion;
    private final Path cacheDir;

    /**
     * @param javaHome    the JDK to make the runtime from (its {@code bin/jlink} and {@code jmods/})
     * @param javaVersion its version, part of the cache key
     * @param cacheDir    where the tarball is kept
     */
    public JreBaseImage(Path javaHome, String javaVersion, Path cacheDir) {
        this.javaHome = javaHome.toAbsolutePath().normalize();
        this.javaVersion = javaVersion;
        this.cacheDir = cacheDir;
    }

    /** The runner's own Java, cached under {@code ~/.labkit/cache/images}. */
    public static JreBaseImage ofRunnersJava() {
        return new JreBaseImage(Path.of(System.getProperty("java.home")), System.getProperty("java.version"),
                Path.of(System.getProperty("user.home"), ".labkit", "cache", "images"));
    }

    /** The cached tarball's path, {@code <cacheDir>/jre-base-<12 hex of sha256(java.home, java.version)>.tar}. */
    public Path tarball() {
        return cacheDir.resolve("jre-base-" + hash(javaHome + "\n" + javaVersion + "\n" + RECIPE) + ".tar");
    }

    /** Empty when this JDK can make the base (it has jlink and jmods), else why not, in one line. */
    public Optional<String> unavailable() {
        if (!Files.isExecutable(jlink())) {
            return Optional.of("the runner's Java (" + javaHome + ") has no bin/jlink: run the runner on a"
                    + " JDK 17 (e.g. openjdk-17-jdk-headless), not a JRE");
        }
        if (!Files.isDirectory(javaHome.resolve("jmods"))) {
            return Optional.of("the runner's JDK (" + javaHome + ") has no jmods/ folder for jlink: install"
                    + " its jmods (e.g. openjdk-17-jmods)");
        }
        return Optional.empty();
    }

    /**
     * The tarball, made first if it is not cached yet.
     *
     * @param progress told what is being done while it is made (nothing when cached)
     * @return the Docker-format image tarball
     * @throws LabException when this JDK cannot make it ({@link #unavailable()}) or a step fails, naming the step
     */
    public Path ensure(Consumer<String> progress) {
        Path tarball = tarball();
        if (Files.isRegularFile(tarball)) {
            return tarball;
        }
        unavailable().ifPresent(why -> {
            throw LabException.of("cannot make the offline Java base image: " + why);
        });
        Path work = null;
        try {
            Files.createDirectories(cacheDir);
            work = Files.createTempDirectory(cacheDir, ".jre-base-");
            Path root = work.resolve("root");
            progress.accept("jlink: a Java runtime from " + javaHome);
            jlink(root.resolve("opt/java"));
            progress.accept("ldd: the shared libraries it needs");
            Set<Path> libraries = libraries(root.resolve("opt/java"));
            progress.accept("jib: writing the image (" + libraries.size() + " libraries)");
            Path written = work.resolve("image.tar");
            containerize(root, libraries, work, written);
            try {
                Files.move(written, tarball, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, tarball, StandardCopyOption.REPLACE_EXISTING);
            }
            progress.accept("cached " + tarball + " (" + Files.size(tarball) / 1_000_000 + " MB)");
            return tarball;
        } catch (IOException e) {
            throw LabException.of("cannot make the offline Java base image in " + cacheDir + ": "
                    + LabException.firstLine(e.getMessage(), e.toString()), e);
        } catch (InterruptedException e) {
            throw LabException.interrupted("the offline Java base image was made", e);
        } catch (LabException e) {
            throw e;
        } catch (Exception e) {
            // Jib's own failures (ExecutionException, RegistryException, CacheDirectoryCreationException...).
            throw LabException.of("jib could not write the offline Java base image: "
                    + LabException.firstLine(e.getMessage(), e.toString()), e);
        } finally {
            if (work != null) {
                FileTrees.delete(work);
            }
        }
    }

    private Path jlink() {
        return javaHome.resolve("bin/jlink");
    }

    private void jlink(Path output) throws IOException, InterruptedException {
        Files.createDirectories(output.getParent());
        // Every module of the JDK: what a learner's app (or a library it uses) may load.
        run(List.of(jlink().toString(), "--module-path", javaHome.resolve("jmods").toString(),
                "--add-modules", "ALL-MODULE-PATH", "--strip-debug", "--no-man-pages", "--no-header-files",
                "--compress=2", "--output", output.toString()), JLINK_LIMIT, "jlink");
    }

    /** The libraries {@code ldd} names for the runtime's binaries and libraries, the extras, and the loader. */
    private static Set<Path> libraries(Path runtime) throws IOException, InterruptedException {
        Set<Path> libraries = new TreeSet<>();
        List<Path> linked;
        try (Stream<Path> files = Files.walk(runtime)) {
            linked = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> f.getFileName().toString().endsWith(".so") || f.getParent().getFileName().toString().equals("bin"))
                    .toList();
        }
        List<String> ldd = new ArrayList<>(List.of("ldd"));
        linked.forEach(f -> ldd.add(f.toString()));
        // ldd exits non-zero when one of them is not dynamic; what it printed for the others still counts.
        libraries.addAll(lddPaths(runQuietly(ldd, LDD_LIMIT)));
        String cache = runQuietly(List.of("ldconfig", "-p"), LDD_LIMIT);
        for (String extra : EXTRA_LIBRARIES) {
            cache.lines().map(String::strip)
                    .filter(line -> line.startsWith(extra + " ") && (line.contains("x86-64") || line.contains("x86_64")
                            || line.contains("AArch64")))
                    .map(line -> line.substring(line.lastIndexOf("=> ") + 3).strip())
                    .findFirst()
                    .ifPresent(path -> libraries.add(Path.of(path)));
        }
        // The runtime's own libraries (found through $ORIGIN) are in its layer already.
        libraries.removeIf(library -> library.startsWith(runtime) || !Files.isRegularFile(library));
        return libraries;
    }

    /** The absolute paths in ldd's output: {@code libc.so.6 => /lib/.../libc.so.6 (0x...)} and {@code /lib64/ld-linux... (0x...)}. */
    static Set<Path> lddPaths(String output) {
        Set<Path> paths = new TreeSet<>();
        for (String line : output.lines().toList()) {
            String text = line.strip();
            int arrow = text.indexOf("=> ");
            String candidate = arrow >= 0 ? text.substring(arrow + 3) : line.startsWith("\t") ? text : "";
            int space = candidate.indexOf(' ');
            String path = space < 0 ? candidate : candidate.substring(0, space);
            if (path.startsWith("/")) {
                paths.add(Path.of(path).normalize());
            }
        }
        return paths;
    }

    private void containerize(Path root, Set<Path> libraries, Path work, Path tarball) throws Exception {
        Path runtime = root.resolve("opt/java");
        FileEntriesLayer.Builder jre = FileEntriesLayer.builder().setName("jre");
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path file : files.toList()) {
                if (Files.isSymbolicLink(file) && !Files.isRegularFile(file)) {
                    continue; // a link to a folder or to nothing: the runtime does not need it
                }
                jre.addEntry(file, AbsoluteUnixPath.get("/opt/java").resolve(runtime.relativize(file).toString()),
                        permissions(file));
            }
        }

        FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("system");
        for (Path library : libraries) {
            system.addEntry(library, AbsoluteUnixPath.get(library.toString()), permissions(library));
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Path passwd = Files.writeString(etc.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/home/app:/sbin/nologin\n",
                StandardCharsets.UTF_8);
        Path group = Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\n", StandardCharsets.UTF_8);
        system.addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), FilePermissions.fromOctalString("644"));
        system.addEntry(group, AbsoluteUnixPath.get("/etc/group"), FilePermissions.fromOctalString("644"));
        Path empty = Files.createDirectories(root.resolve("empty"));
        // Jib writes no sticky bit: /tmp is writable by everyone (0777), as the JVM and apps need it.
        system.addEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
        system.addEntry(new FileEntry(empty, AbsoluteUnixPath.get("/home/app"),
                FilePermissions.fromOctalString("755"), Instant.ofEpochSecond(1), "1000:1000"));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", "/opt/java");
        env.put("PATH", "/opt/java/bin:/usr/bin:/bin");
        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .addFileEntriesLayer(system.build())
                .addFileEntriesLayer(jre.build())
                .setEnvironment(env)
                .setCreationTime(Instant.EPOCH);
        image.containerize(Containerizer.to(TarImage.at(tarball).named("labkit/jre-base:offline"))
                .setBaseImageLayersCache(work.resolve("jib-cache"))
                .setApplicationLayersCache(work.resolve("jib-cache"))
                .setAllowInsecureRegistries(false)
                .setOfflineMode(true));
    }

    private static FilePermissions permissions(Path file) throws IOException {
        try {
            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            return Files.isDirectory(file) ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
                    : Files.isExecutable(file) ? FilePermissions.fromOctalString("755")
                    : FilePermissions.DEFAULT_FILE_PERMISSIONS;
        }
    }

    /** Runs {@code command}; a non-zero exit is a LabException naming {@code what} with its first output line. */
    private static void run(List<String> command, Duration limit, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = collect(process, limit, what);
        if (process.exitValue() != 0) {
            throw LabException.of(what + " failed (exit " + process.exitValue() + "): "
                    + LabException.firstLine(output, "no output"));
        }
    }

    /** Runs {@code command} and returns its standard output whatever its exit code. */
    private static String runQuietly(List<String> command, Duration limit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return collect(process, limit, command.get(0));
    }

    private static String collect(Process process, Duration limit, String what) throws IOException, InterruptedException {
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw LabException.of(what + " did not finish within " + limit.toSeconds() + " s");
        }
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
