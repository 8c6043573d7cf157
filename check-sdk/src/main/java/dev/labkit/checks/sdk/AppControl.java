package dev.labkit.checks.sdk;

/** The learner's app as a process the grader runs. */
public interface AppControl {

    /** Stops the app and starts it again with the grader's environment; returns once it is healthy. */
    void restart() throws Exception;

    /**
     * Stops the app and starts it again with {@code changes} added to (or replacing variables of)
     * the grader's environment, for this start only: the next {@link #restart()} goes back. The data
     * folder is kept. A check that uses this should restart the app again when it is done, so that
     * the checks after it meet the app as the grader started it.
     */
    void restart(java.util.Map<String, String> changes) throws Exception;

    /** The last lines the app printed (bounded). */
    String logTail();
}
