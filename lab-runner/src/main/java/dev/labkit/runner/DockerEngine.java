package dev.labkit.runner;

import java.util.Map;
import org.testcontainers.DockerClientFactory;

/** The local Docker engine, as Testcontainers sees it: is it there, may the runner use it, what images it has. */
public final class DockerEngine {

    /**
     * The runner stops its containers itself, on every exit path, so it runs without Testcontainers'
     * Ryuk sidecar, whose image may not be pullable: with Ryuk on, merely asking whether Docker is
     * there tries to pull it for minutes. Testcontainers reads this only from the environment; the
     * {@code ./lab} launcher sets it.
     */
    public static final String NO_REAPER = "TESTCONTAINERS_RYUK_DISABLED";

    private DockerEngine() {}

    public static boolean reaperDisabled(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.get(NO_REAPER));
    }

    /** Whether a Docker engine answers (decided once per JVM by Testcontainers). */
    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static boolean imageExists(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Throws a one-line {@link LabException} unless the runner may start containers: {@code
     * purpose} says what for, {@code otherwise} what to use instead.
     */
    public static void require(Map<String, String> environment, String purpose, String otherwise) {
        if (!reaperDisabled(environment)) {
            throw LabException.of("set " + NO_REAPER + "=true to " + purpose + " (the ./lab launcher does):"
                    + " the runner stops its containers itself");
        }
        if (!available()) {
            throw LabException.of("no Docker engine answers: start one (sudo dockerd &), or " + otherwise);
        }
    }
}
