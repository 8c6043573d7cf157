package dev.labkit.runner.submission;

import dev.labkit.runner.LabException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a submission in its workspace: the {@code build:} command of its {@code
 * submission.yaml}, or else Maven (the project's own {@code mvnw} when it has one).
 */
public final class Builder {

    static final List<String> MAVEN_ARGS = List.of("-B", "-q", "-DskipTests", "package");

    /**
     * What a {@code submission.yaml} build gets for an {@code image: jib} lab: the offline base image as Jib names a
     * tarball image, {@code tar:///path/to/jre-base.tar}.
     */
    public static final String BASE_IMAGE_VARIABLE = "LAB_BASE_IMAGE";

    /** The Jib Maven plugin's property for its base image; an app whose pom has no Jib ignores it. */
    static final String JIB_FROM_IMAGE = "jib.from.image";
    private static final String JIB_NO_UPDATE_CHECK = "jib.disableUpdateChecks";

    /** Maven's variable for the options of the JVM it runs in (the {@code mvn} and {@code mvnw} scripts read it). */
    static final String MAVEN_OPTS = "MAVEN_OPTS";

    /**
     * What a Maven build gets as {@value #MAVEN_OPTS} when neither the runner's environment nor the caller sets one:
     * a build is short, so the C1 compiler alone serves it, and C2's compile threads would only take cores from it
     * (not for an {@code image: jib} lab's build, which hashes and compresses a JRE).
     * Lab 01's solution built offline on 2 cores: 4.7 s wall and 7.1 s of CPU by default, 2.9 s and 3.0 s with it
     * (docs/benchmarks.md).
     */
    static final String SHORT_BUILD_JVM = "-XX:TieredStopAtLevel=1";

    private Builder() {}

    /** The command that builds {@code app} on {@code host}, or empty when there is nothing to build. */
    static List<String> command(Path app, SubmissionConfig config, BuildHost host) {
        return command(app, config, host, Optional.empty());
    }

    /** As {@link #command(Path, SubmissionConfig, BuildHost)}, Maven's given {@code baseImage} for Jib when present. */
    static List<String> command(Path app, SubmissionConfig config, BuildHost host, Optional<String> baseImage) {
        if (config.build().isPresent()) {
            return List.of("sh", "-c", config.build().get());
        }
        if (!Files.isRegularFile(app.resolve("pom.xml"))) {
            return List.of();
        }
        // With a base given, Jib needs no registry: nor does it ask Google's servers for a newer Jib.
        List<String> args = baseImage.map(image -> concat(List.of("-D" + JIB_FROM_IMAGE + "=" + image,
                "-D" + JIB_NO_UPDATE_CHECK + "=true"), MAVEN_ARGS)).orElse(MAVEN_ARGS);
        return concat(List.of(host.maven(app)), args);
    }

    /**
     * Runs the build on {@code host}, stopping it when it takes longer than {@code limit}; what it
     * left running is stopped when it ends.
     *
     * @throws dev.labkit.runner.LabException if the runner's thread is interrupted: the runner's fault, not the build's
     */
    public static Outcome build(Path app, SubmissionConfig config, Duration limit, Map<String, String> env,
            BuildHost host) {
        return build(app, config, limit, env, host, Optional.empty());
    }

    /**
     * As {@link #build(Path, SubmissionConfig, Duration, Map, BuildHost)}, for an {@code image: jib} lab: the build
     * gets {@code baseImage} (a Docker-format image tarball, {@link dev.labkit.runner.images.JreBaseImage}), shared
     * read-only with {@code host}, as {@code tar://<path>}: Maven as {@code -Djib.from.image=tar://<path>}, a
     * {@code submission.yaml} build as {@value #BASE_IMAGE_VARIABLE}.
     */
    public static Outcome build(Path app, SubmissionConfig config, Duration limit, Map<String, String> env,
            BuildHost host, Optional<Path> baseImage) {
        long started = System.nanoTime();
        Optional<String> from = baseImage.map(tarball -> "tar://" + host.share(tarball));
        Map<String, String> environment = new LinkedHashMap<>(env);
        from.ifPresent(image -> environment.put(BASE_IMAGE_VARIABLE, image));
        List<String> command = command(app, config, host, from);
        // Not for an image build: Jib hashes and compresses a whole JRE, work that C2 is there for.
        if (config.build().isEmpty() && baseImage.isEmpty() && !environment.containsKey(MAVEN_OPTS)
                && System.getenv(MAVEN_OPTS) == null) {
            environment.put(MAVEN_OPTS, SHORT_BUILD_JVM);
        }
        LogTail log = new LogTail();
        if (command.isEmpty()) {
            return config.start().isPresent()
                    ? Outcome.success("", Duration.ZERO)
                    : Outcome.failure("nothing to build or start: no pom.xml, and no " + SubmissionConfig.FILE_NAME
                            + " with a start: command (and a build: command if the app needs one; "
                            + "see docs/languages.md)", "", Duration.ZERO);
        }
        try (AppProcess process = host.start(command, app, environment, log)) {
            boolean finished = process.waitFor(limit);
            if (finished) {
                process.awaitLog();
            }
            // A build is judged only on output the runner could read in full.
            log.requireIntact("the build");
            if (!finished) {
                return Outcome.failure("the build did not finish within " + seconds(limit)
                        + " (limits.build)", log.text(), since(started));
            }
            if (process.exitCode() != 0) {
                return Outcome.failure("the build failed (" + String.join(" ", command) + " exited with "
                        + process.exitCode() + "): see the build log below", log.text(), since(started));
            }
            return Outcome.success(log.text(), since(started));
        } catch (UncheckedIOException e) {
            return Outcome.failure(e.getMessage(), log.text(), since(started));
        } catch (InterruptedException e) {
            throw LabException.interrupted("the submission built", e);
        }
    }

    static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
