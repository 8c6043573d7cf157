package dev.labkit.checks.sdk;

import java.net.URI;
import java.time.Duration;

/**
 * One running instance of the learner's app: the one the grader started ({@link AppControl}) or a
 * replica a check started ({@link AppControl#startReplica()}). Each is its own process (or container)
 * with its own port; replicas share the grader's environment otherwise (the same model, the same lab
 * services such as Redis).
 */
public interface AppInstance {

    /** Base URL of this instance, e.g. {@code http://127.0.0.1:41234}. */
    URI url();

    /** The last lines this instance printed, stdout and stderr in order (bounded). */
    String logTail();

    /** Whether its process is still running. */
    boolean isRunning();

    /**
     * Asks the instance to stop as an orchestrator does: sends its process SIGTERM (a container: the stop
     * signal), waits up to {@code grace} for it to exit, then kills it (SIGKILL).
     *
     * @return how it ended; {@link Termination#exitedInTime()} is false when it had to be killed
     */
    default Termination terminate(Duration grace) {
        throw new UnsupportedOperationException("this runner cannot terminate an app instance");
    }

    /**
     * How an instance ended after {@link #terminate}.
     *
     * @param exitedInTime whether it exited by itself within the grace period
     * @param exitCode its exit code (143 is the JVM's usual answer to SIGTERM), or -1 when killed
     * @param took from the signal to the end of the process
     */
    record Termination(boolean exitedInTime, int exitCode, Duration took) {}
}
