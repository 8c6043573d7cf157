package dev.labkit.checks.sdk;

import java.net.URI;

/**
 * A service a lab declares besides the model ({@code services:} in {@code lab.yaml}, e.g. {@code redis}),
 * as the grader provides it for this run. The app gets its URL in {@code LAB_<NAME>_URL}
 * ({@code LAB_REDIS_URL}).
 */
public interface LabService {

    /** Its name in {@code lab.yaml}, e.g. {@code redis}. */
    String name();

    /**
     * What serves it: {@code container} (Docker, through Testcontainers), {@code process} (a server
     * installed on this machine), {@code embedded} (in the runner) or {@code url} (one the user gave).
     */
    String provider();

    /** Its URL as the app gets it, e.g. {@code redis://127.0.0.1:6379}. */
    URI url();

    /** Whether {@link #stop()} can take it down: not for a service the user gave by URL. */
    boolean stoppable();

    /**
     * Takes it down until {@link #start()}: it stops answering at its URL (connections are refused, or,
     * in a container, hang). Its data may be lost.
     *
     * @throws UnsupportedOperationException when it is not {@link #stoppable()}
     */
    void stop();

    /** Brings it back at the same URL after {@link #stop()}; does nothing when it runs. Returns once it answers. */
    void start();
}
