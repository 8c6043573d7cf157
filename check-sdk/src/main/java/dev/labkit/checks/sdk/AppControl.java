package dev.labkit.checks.sdk;

import java.util.List;
import java.util.Map;

/**
 * The learner's app as a process the grader runs: restart it, start replicas of it, put a load
 * balancer in front of them. Replicas and load balancers a check starts are stopped when the check
 * ends.
 */
public interface AppControl extends AppInstance {

    /** Stops the app and starts it again with the grader's environment; returns once it is healthy. */
    void restart() throws Exception;

    /**
     * Stops the app and starts it again with {@code changes} added to (or replacing variables of)
     * the grader's environment, for this start only: the next {@link #restart()} goes back. The data
     * folder is kept. A check that uses this should restart the app again when it is done, so that
     * the checks after it meet the app as the grader started it.
     */
    void restart(Map<String, String> changes) throws Exception;

    /** The last lines the app printed (bounded). */
    @Override
    String logTail();

    /**
     * Starts one more instance of the app, as a second replica behind a load balancer: the same build,
     * command and environment (the same model server and lab services), but its own {@code PORT} and
     * {@code LAB_DATA_DIR}; returns once it answers the lab's health path with 200. Stopped when the
     * check ends (or by {@link AppInstance#terminate}).
     *
     * @throws AssertionError when it does not start, with the reason and its log's last lines
     */
    default AppInstance startReplica() throws Exception {
        throw new UnsupportedOperationException("this runner cannot start replicas of the app");
    }

    /**
     * A round-robin HTTP load balancer on 127.0.0.1 in front of {@code instances}: each request goes to
     * the next instance in turn, whatever the connection it came on. Stopped when the check ends.
     */
    default LoadBalancer roundRobin(List<? extends AppInstance> instances) throws Exception {
        throw new UnsupportedOperationException("this runner has no load balancer");
    }
}
