package dev.labkit.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * This runner's version and the version of the check SDK it grades with, as Maven wrote them into
 * {@code runner-version.properties} when it built the runner (so they are known also when the runner
 * runs from classes, not from its jar).
 *
 * @param runner the runner's Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param checkSdk the check SDK's Maven version, e.g. {@code 1.0.0}
 */
public record RunnerVersion(String runner, String checkSdk) {

    private static final String RESOURCE = "runner-version.properties";
    private static final String SNAPSHOT = "-SNAPSHOT";

    /** The versions of the runner that is running. */
    public static RunnerVersion current() {
        Properties properties = new Properties();
        try (InputStream in = RunnerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the runner's classes");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunnerVersion(properties.getProperty("runner"), properties.getProperty("check-sdk"));
    }

    /** The runner's version as a release: {@code 0.1.0-SNAPSHOT} -> {@code 0.1.0} (a development build counts as its release). */
    public String runnerRelease() {
        return runner.endsWith(SNAPSHOT) ? runner.substring(0, runner.length() - SNAPSHOT.length()) : runner;
    }
}
