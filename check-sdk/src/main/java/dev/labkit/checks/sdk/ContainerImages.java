package dev.labkit.checks.sdk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Runs an image the app's build made (e.g. Jib's {@code target/jib-image.tar}) in the Docker the grader uses. */
public interface ContainerImages {

    /** Empty when a Docker engine answers the grader, else why not, in one line (checks skip that part). */
    Optional<String> unavailable();

    /**
     * Loads the image tarball (Docker's {@code docker save} layout or an OCI layout, as {@code docker load}
     * takes) and starts a container of it with {@code env} (nothing else of the grader's environment) and
     * {@code containerPort} published on a loopback port. Returns once the container runs, without waiting
     * for the app in it. Stopped and removed when the check ends.
     *
     * @throws IllegalStateException when Docker is {@link #unavailable()}
     * @throws AssertionError when the image cannot be loaded or started, with Docker's reason
     */
    RunningContainer run(Path imageTarball, Map<String, String> env, int containerPort) throws Exception;

    /** A container started by {@link #run}. */
    interface RunningContainer extends AutoCloseable {

        /** The published port's base URL, e.g. {@code http://127.0.0.1:49153}. */
        URI url();

        /** What the container printed so far (stdout and stderr). */
        String logs();

        /** Whether it still runs. */
        boolean isRunning();

        /** How long Docker took from the start request to a running container. */
        Duration startedIn();

        /** Stops and removes it. */
        @Override
        void close();
    }
}
