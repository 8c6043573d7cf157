package dev.labkit.runner.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The helpers that test apps leave running (apps/leaves-helpers: fork, setsid, fork), found by a
 * test's own token in their command line, so that tests on a shared machine never see each other's.
 */
public final class LeftHelpersFixture {

    private LeftHelpersFixture() {}

    /**
     * Copies apps/leaves-helpers and the echo app into {@code app}, with {@code token} for the
     * helpers' names; the test writes the submission.yaml.
     */
    public static void copyApp(Path app, String token) throws IOException {
        for (Path file : List.of(TestLabs.app("leaves-helpers").resolve("leave-helper.sh"),
                TestLabs.app("leaves-helpers").resolve("helper-loop.sh"), TestLabs.app("echo").resolve("EchoApp.java"))) {
            Files.copy(file, app.resolve(file.getFileName()));
        }
        Files.writeString(app.resolve("token"), token);
    }

    /** The processes alive on this machine whose command line contains {@code name}. */
    public static List<ProcessHandle> running(String name) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(name)).toList();
    }

    /** Kills what a failed test left behind, so that one failure does not leave processes running. */
    public static void kill(String name) {
        running(name).forEach(ProcessHandle::destroyForcibly);
    }
}
