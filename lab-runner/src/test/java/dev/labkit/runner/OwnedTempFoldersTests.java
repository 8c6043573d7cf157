package dev.labkit.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runner's temporary folders name their owner, and only those whose owner no longer runs are deleted: real
 * folders in java.io.tmpdir, real (ended) processes as owners.
 */
class OwnedTempFoldersTests {

    /** The pid of a process that has ended (as a SIGKILLed runner has). */
    private static long endedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    private static String owner(Path folder) throws Exception {
        return Files.readString(folder.resolve(OwnedTempFolders.OWNER_FILE)).strip();
    }

    @Test
    void deletesTheFoldersOfAnEndedOwnerAndKeepsThoseOfARunningOneOrOfNoKnownOwner() throws Exception {
        Path mine = OwnedTempFolders.create("labkit-test-");
        Path killed = OwnedTempFolders.create("labkit-test-");
        Path reused = OwnedTempFolders.create("labkit-test-");
        Path elsewhere = OwnedTempFolders.create("labkit-test-");
        Path unmarked = Files.createTempDirectory("labkit-test-");
        try {
            String[] me = owner(mine).split(" ", 3);
            assertThat(Long.parseLong(me[0])).isEqualTo(ProcessHandle.current().pid());
            Files.createDirectories(killed.resolve("app/target"));
            Files.writeString(killed.resolve(OwnedTempFolders.OWNER_FILE), endedPid() + " " + me[1] + " " + me[2]);
            // This process's pid, but a start a minute earlier: the pid was reused, the owner has ended.
            Files.writeString(reused.resolve(OwnedTempFolders.OWNER_FILE),
                    me[0] + " " + (Long.parseLong(me[1]) - 60_000) + " " + me[2]);
            Files.writeString(elsewhere.resolve(OwnedTempFolders.OWNER_FILE), endedPid() + " 0 pid:[1]");

            assertThat(OwnedTempFolders.deleteOrphans()).contains(killed, reused).doesNotContain(mine, elsewhere, unmarked);

            assertThat(killed).doesNotExist();
            assertThat(reused).doesNotExist();
            assertThat(mine).isDirectory();
            assertThat(elsewhere).as("an owner in another PID namespace cannot be seen: kept").isDirectory();
            assertThat(unmarked).as("no owner file: not known to be a runner's").isDirectory();
        } finally {
            for (Path folder : new Path[] {mine, killed, reused, elsewhere, unmarked}) {
                FileTrees.delete(folder);
            }
        }
    }

    @Test
    void aFolderNotNamedLabkitIsRefused() {
        assertThatThrownBy(() -> OwnedTempFolders.create("other-")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labkit-");
    }
}
