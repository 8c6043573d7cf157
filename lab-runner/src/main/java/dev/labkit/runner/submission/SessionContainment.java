package dev.labkit.runner.submission;

import java.util.ArrayList;
import java.util.List;

/**
 * Each command in a session of its own ({@code setsid}): what is still in the session when the
 * command ends is killed. A process that starts a session of its own leaves it; the run's sweep
 * ({@link LocalHost}) finds those by their working folder, open files and environment.
 */
final class SessionContainment extends Containment {

    @Override
    String id() {
        return "session";
    }

    @Override
    String summary() {
        return "each command in a session of its own, then a sweep of the run's folder and marker";
    }

    @Override
    Held hold(List<String> command) {
        List<String> line = new ArrayList<>(List.of("setsid", "--wait"));
        line.addAll(command);
        return new Held() {
            @Override
            List<String> command() {
                return line;
            }

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
