package dev.labkit.runner.cli;

import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code lab} command run the way users run it: a separate process with its own JVM options,
 * environment, user rights and temporary folder, either as {@code java ... Main} (like {@code java
 * -jar}) or through the real {@code ./lab} launcher script. Runs the runner's classes of this build.
 */
public final class LabProcessFixture {

    /** How {@code lab check} names the phase that looks for a real model on the console. */
    public static final String LOOKING_FOR_A_MODEL = "Looking for a real model for live checks";

    /**
     * The longest that looking for a real model may take: the look at Docker is bounded at
     * {@code DockerEngine.LOOK_LIMIT} (2 s); the rest is the JVM's first HTTP and Docker clients, slow
     * on a loaded machine. Unbounded, it took 206 s where no registry answers, and forever on a hung engine.
     */
    public static final double SECONDS_TO_LOOK_FOR_A_MODEL = 15.0;

    /** The result of one run; the output went to files, so a chatty run cannot block. */
    public record Result(int exitCode, String out, String err) {

        /** The seconds the console gave for the phase it described as {@code phase} ("... done (1.2 s)"). */
        public double phaseSeconds(String phase) {
            Matcher done = Pattern.compile(Pattern.quote(phase) + " \\.\\.\\. (?:done|failed) \\(([0-9.]+) s\\)").matcher(err);
            if (!done.find()) {
                throw new AssertionError("no end of the phase '" + phase + "' on the console\n" + this);
            }
            return Double.parseDouble(done.group(1));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private final Path work;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>(System.getenv());
    private boolean launcher;
    private Path program;
    private Path workingDir;
    private boolean unprivileged;

    /** @param work a folder of the test's own: the run's temporary folder and output files go there */
    public LabProcessFixture(Path work) {
        this.work = work;
    }

    public LabProcessFixture jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public LabProcessFixture without(String... variables) {
        for (String variable : variables) {
            environment.remove(variable);
        }
        return this;
    }

    public LabProcessFixture with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    public Optional<String> environment(String variable) {
        return Optional.ofNullable(environment.get(variable));
    }

    /** Runs through the real {@code ./lab} script (on a runner jar that holds this build's classes). */
    public LabProcessFixture throughTheLauncher() {
        launcher = true;
        return this;
    }

    /**
     * Runs the launcher through {@code program}, a link to {@link #launcher()} such as {@code lab
     * install} makes, instead of by its own path.
     */
    public LabProcessFixture throughTheLauncherAt(Path program) {
        launcher = true;
        this.program = program;
        return this;
    }

    /** Runs in {@code dir} (default: the fixture's own folder). */
    public LabProcessFixture in(Path dir) {
        workingDir = dir;
        return this;
    }

    /** The {@code ./lab} script the launcher runs, in a LabKit home of this fixture's own (see {@link #launcherHome()}). */
    public Path launcher() throws IOException {
        return launcherHome().resolve("lab");
    }

    /**
     * Runs with the file permissions an ordinary user meets: as root (as in CI), without the
     * capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER).
     */
    public LabProcessFixture asAnOrdinaryUser() {
        unprivileged = true;
        return this;
    }

    /** The temporary folder the runner uses ({@code java.io.tmpdir}): what it leaves behind is there. */
    public Path temporaryFolder() {
        return work.resolve("tmp");
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public Result run(Duration limit, String... args) throws IOException, InterruptedException {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = start(out, err, args);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("lab " + String.join(" ", args) + " did not finish within " + limit
                        + "\n" + new Result(-1, Files.readString(out), Files.readString(err)));
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), read(out), withoutToolOptions(read(err)));
    }

    /**
     * Starts {@code lab args} and returns at once, for a test that watches or kills the run itself (and must end
     * it): its stdout and stderr go to {@code out} and {@code err}.
     */
    public Process start(Path out, Path err, String... args) throws IOException {
        Files.createDirectories(temporaryFolder());
        List<String> command = new ArrayList<>();
        if (unprivileged && runningAsRoot()) {
            command.addAll(List.of("setpriv", "--inh-caps=-all",
                    "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"));
        }
        String tmpdir = "-Djava.io.tmpdir=" + temporaryFolder();
        if (launcher) {
            // The launcher passes JVM options on from JAVA_TOOL_OPTIONS, as java itself reads them.
            environment.put("JAVA_TOOL_OPTIONS", String.join(" ", jvmOptions) + " " + tmpdir);
            command.add(program != null ? program.toString() : launcher().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of(tmpdir, "-cp", System.getProperty("java.class.path"),
                    "-Dlabkit.home=" + TestLabs.home(), Main.class.getName()));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory((workingDir != null ? workingDir : work).toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** stderr without the JVM's note that it read JAVA_TOOL_OPTIONS (the launcher's way of passing options). */
    public static String withoutToolOptions(String err) {
        return err.replaceAll("(?m)^Picked up JAVA_TOOL_OPTIONS:.*\\R", "");
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /**
     * A LabKit home for the launcher: the real {@code lab} script and labs, and a runner jar that is
     * only a manifest naming this build's classes, newer than the (empty) sources the script looks at,
     * so that the script runs it instead of building one.
     */
    private Path launcherHome() throws IOException {
        Path home = work.resolve("home");
        if (Files.exists(home.resolve("lab"))) {
            return home;
        }
        Files.createDirectories(home.resolve("lab-runner/target"));
        Files.copy(TestLabs.home().resolve("lab"), home.resolve("lab"));
        Files.createSymbolicLink(home.resolve("labs"), TestLabs.home().resolve("labs"));
        Files.createSymbolicLink(home.resolve("templates"), TestLabs.home().resolve("templates"));
        FileTime past = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        for (String file : List.of("pom.xml", "lab-runner/pom.xml", "check-sdk/pom.xml")) {
            Files.createDirectories(home.resolve(file).getParent());
            Files.setLastModifiedTime(Files.writeString(home.resolve(file), ""), past);
        }
        for (String dir : List.of("lab-runner/src/main", "check-sdk/src/main")) {
            Files.setLastModifiedTime(Files.createDirectories(home.resolve(dir)), past);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPathUrls());
        try (JarOutputStream jar = new JarOutputStream(
                Files.newOutputStream(home.resolve("lab-runner/target/lab-runner.jar")), manifest)) {
            jar.flush();
        }
        return home;
    }

    private static String classPathUrls() {
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            try {
                urls.add(Path.of(entry).toUri().toURL().toString());
            } catch (java.net.MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.join(" ", urls);
    }
}
