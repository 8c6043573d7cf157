package dev.labkit.runner.submission;

import dev.labkit.runner.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Each command in a PID namespace of its own (util-linux {@code unshare}), under the {@link
 * Leftovers#INIT_SCRIPT} init: whatever the command leaves, however it detaches, is a process of
 * that namespace, and the kernel kills all of them when the init exits. {@code --kill-child} ties
 * the init to {@code unshare}, which is the runner's child; {@code --mount-proc} gives the namespace
 * its own {@code /proc}, so the command sees only its own processes (not the runner's command line).
 */
final class PidNamespaceContainment extends Containment {

    private static final List<String> UNSHARE = List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc");

    /** As root (or with CAP_SYS_ADMIN). */
    static final PidNamespaceContainment PRIVILEGED = new PidNamespaceContainment("pid-namespace", List.of());

    /** In an unprivileged user namespace that maps the runner's user to itself (util-linux 2.38+). */
    static final PidNamespaceContainment USER_NAMESPACE =
            new PidNamespaceContainment("pid-namespace (user namespace)", List.of("--map-current-user"));

    /** The same for older util-linux: the runner's user is root inside the namespace (and only there). */
    static final PidNamespaceContainment USER_NAMESPACE_AS_ROOT =
            new PidNamespaceContainment("pid-namespace (user namespace, as root)", List.of("--map-root-user"));

    private final List<String> userNamespace;

    private PidNamespaceContainment(String id, List<String> userNamespace) {
        super(id, "each command in a PID namespace of its own: nothing it starts outlives it", true);
        this.userNamespace = userNamespace;
    }

    @Override
    Held hold(List<String> command) throws IOException {
        Path report = Files.createTempFile("labkit-leftovers-", ".txt");
        List<String> unshare = new ArrayList<>(SessionContainment.SETSID);
        unshare.addAll(UNSHARE);
        unshare.addAll(userNamespace);
        unshare.add("--");
        return new Held(wrapped(unshare, Leftovers.underInit(command, report.toString()))) {
            /** unshare and the init are spared, so that the init can report what is left and exit. */
            @Override
            List<ProcTable.Entry> killable(Process process) {
                return members(process).stream()
                        .filter(e -> e.pid() != process.pid() && e.parent() != process.pid()).toList();
            }

            /** The init's children: unshare (the runner's child) forks the init, which runs the command. */
            @Override
            List<Long> own(Process process) {
                List<ProcTable.Entry> members = members(process);
                List<Long> inits = members.stream().filter(e -> e.parent() == process.pid())
                        .map(ProcTable.Entry::pid).toList();
                return members.stream().filter(e -> inits.contains(e.parent())).map(ProcTable.Entry::pid).toList();
            }

            @Override
            void discard() {
                FileTrees.delete(report); // what stays is a small file in the temp folder; nothing runs
            }

            /** unshare exits after the init, which the kernel lets exit only once the namespace is empty. */
            @Override
            List<String> killLeftovers(Process process) {
                try {
                    return Files.readAllLines(report, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return List.of();
                } finally {
                    FileTrees.delete(report); // what stays is a small file in the temp folder; nothing runs
                }
            }
        };
    }
}
