package dev.labkit.runner.suite;

import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Loads a lab's checker suite class. A suite jar gets a class loader of its own whose parent is the
 * runner's: the check SDK, JUnit, AssertJ and Jackson are the runner's own classes (one {@code
 * LabEnvironments} registry, one JUnit engine), the suite's classes come from its jar only, so two labs
 * may use the same class names. One loader per jar version (path, size, time), kept while the runner
 * runs: gradings of the same lab at the same time share it.
 */
public final class SuiteLoader {

    private record JarVersion(Path jar, long size, long modified) {}

    private static final Map<JarVersion, URLClassLoader> LOADERS = new ConcurrentHashMap<>();

    private SuiteLoader() {}

    /**
     * The suite class named by {@code suite:} in {@code lab.yaml}, from the lab's suite jar ({@link
     * SuiteBuild}), or from the runner's class path when the lab has no {@code checks/} folder.
     *
     * @throws LabException when the class is not there or is not a {@code @LabChecks} suite
     */
    public static Class<?> load(LabManifest lab, Consumer<String> progress) {
        Optional<Path> jar = SuiteBuild.jar(lab, progress);
        ClassLoader loader = jar.<ClassLoader>map(SuiteLoader::loaderOf).orElse(SuiteLoader.class.getClassLoader());
        Class<?> suite;
        try {
            suite = Class.forName(lab.suite(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw LabException.of(jar.map(j -> "the checks of lab " + lab.id() + " (" + j + ") have no class "
                    + lab.suite() + ": fix `suite:` in " + lab.dir().resolve("lab.yaml"))
                    .orElse("lab " + lab.id() + " has no checks/ folder (a Maven project with the checker suite, "
                            + "see docs/authoring.md) and the runner has no class " + lab.suite()));
        }
        if (!suite.isAnnotationPresent(LabChecks.class)) {
            throw LabException.of("checker suite " + lab.suite() + " of lab " + lab.id()
                    + " must be annotated @LabChecks");
        }
        return suite;
    }

    private static URLClassLoader loaderOf(Path jar) {
        try {
            Path real = jar.toRealPath();
            JarVersion version = new JarVersion(real, Files.size(real), Files.getLastModifiedTime(real).toMillis());
            return LOADERS.computeIfAbsent(version, v -> new URLClassLoader("lab-suite " + v.jar(),
                    new URL[] {url(v.jar())}, SuiteLoader.class.getClassLoader()));
        } catch (IOException e) {
            throw LabException.of("cannot read the checker suite " + jar + ": " + e.getMessage(), e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
