package dev.labkit.runner.submission;

import java.util.List;

/**
 * Each command in a session of its own ({@code setsid}): what is still in the session when the
 * command ends is killed. A process that starts a session of its own leaves it; the run's sweep
 * ({@link LocalHost}) finds those by their working folder, open files and environment.
 */
final class SessionContainment extends Containment {

    /** Each command starts a session of its own; it is the session's leader, so its pid is the session id. */
    static final List<String> SETSID = List.of("setsid", "--wait");

    SessionContainment() {
        super("session", "each command in a session of its own, then a sweep of the run's folder and marker", false);
    }

    @Override
    Held hold(List<String> command) {
        return new Held(wrapped(SETSID, command)) {
            @Override
            List<String> killLeftovers(Process process) {
                return killAndDescribe(members(process).stream().map(ProcTable.Entry::pid).toList());
            }
        };
    }

    @Override
    boolean works() {
        return ProcTable.available() && super.works();
    }
}
