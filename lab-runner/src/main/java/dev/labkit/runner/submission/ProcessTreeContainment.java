package dev.labkit.runner.submission;

import java.util.List;

/**
 * Where there is neither {@code setsid} nor {@code /proc} (macOS): the command's descendants as the
 * JDK sees them when it is stopped. A process that was reparented away (a double fork), or any left
 * by a command that ended on its own, is out of reach: this is the weakest kind.
 */
final class ProcessTreeContainment extends Containment {

    ProcessTreeContainment() {
        super("process-tree", "each command's process tree only: a detached process escapes", false);
    }

    @Override
    Held hold(List<String> command) {
        return new Held(command) {
            @Override
            List<String> stop(Process process) {
                List<ProcessHandle> tree = process.descendants().toList();
                tree.forEach(ProcessHandle::destroy);
                process.destroy();
                if (!awaitExit(process)) {
                    process.destroyForcibly();
                    awaitExit(process);
                }
                List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).toList();
                left.forEach(ProcessHandle::destroyForcibly);
                return left.stream().map(h -> h.info().commandLine().orElse("pid " + h.pid())).toList();
            }

            @Override
            List<String> killLeftovers(Process process) {
                return List.of();
            }
        };
    }
}
