package dev.labkit.checks.sdk;

/** The learner's app as a process the grader runs. */
public interface AppControl {

    /** Stops the app and starts it again with the same environment; returns once it is healthy. */
    void restart() throws Exception;

    /** The last lines the app printed (bounded). */
    String logTail();
}
