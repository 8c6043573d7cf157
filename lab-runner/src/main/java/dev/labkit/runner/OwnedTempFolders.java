package dev.labkit.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Temporary folders (in {@code java.io.tmpdir}) that name the runner process they belong to, so that a later run can
 * delete those a killed runner left (SIGKILL, a crash: its own cleanup never ran). The owner is written into the
 * folder's {@value #OWNER_FILE}: {@code <pid> <start time, ms since the epoch> <PID namespace>}, the namespace as
 * {@code /proc/self/ns/pid} reads ({@code pid:[4026531836]}). A folder is an orphan when its owner is no longer
 * running: no process with that pid, or one that started at another time. Owners in another PID namespace (another
 * container sharing the temp folder) cannot be seen from here and are left alone, as are folders without the file.
 */
public final class OwnedTempFolders {

    static final String OWNER_FILE = ".labkit-owner";
    private static final String PREFIX = "labkit-";
    /** The JDK derives a start time from clock ticks since boot: two readings of one process may differ a little. */
    private static final long SAME_START_MS = 1000;

    private OwnedTempFolders() {}

    /**
     * A new folder {@code <java.io.tmpdir>/<prefix><random digits>} owned by this process.
     *
     * @param prefix starts with {@code labkit-}, so that {@link #deleteOrphans()} looks at it
     */
    public static Path create(String prefix) throws IOException {
        if (!prefix.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a runner's temporary folder is named labkit-...: " + prefix);
        }
        Path folder = Files.createTempDirectory(prefix);
        Files.writeString(folder.resolve(OWNER_FILE), owner(ProcessHandle.current()) + "\n", StandardCharsets.UTF_8);
        return folder;
    }

    /**
     * Deletes the {@code labkit-*} folders of the temp folder whose owner is no longer running (see the class).
     *
     * @return the folders deleted (whole, or as far as {@link FileTrees#delete} could)
     */
    public static List<Path> deleteOrphans() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(temp, PREFIX + "*")) {
            for (Path folder : folders) {
                if (orphan(folder)) {
                    FileTrees.delete(folder);
                    deleted.add(folder);
                }
            }
        } catch (IOException e) {
            // An unreadable temp folder: nothing to clean that this run could see.
        }
        return deleted;
    }

    static boolean orphan(Path folder) {
        String recorded;
        try {
            recorded = Files.readString(folder.resolve(OWNER_FILE), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return false; // not one of ours, or not readable: leave it
        }
        String[] fields = recorded.split(" ", 3);
        if (fields.length != 3 || !fields[2].equals(pidNamespace())) {
            return false;
        }
        long pid;
        long recordedStart;
        try {
            pid = Long.parseLong(fields[0]);
            recordedStart = Long.parseLong(fields[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        long start = started(process.get());
        // Another process with the owner's pid (reused) started at another time; unknown times count as the owner's.
        return recordedStart >= 0 && start >= 0 && Math.abs(start - recordedStart) > SAME_START_MS;
    }

    private static String owner(ProcessHandle process) {
        return process.pid() + " " + started(process) + " " + pidNamespace();
    }

    /** When the process started (ms since the epoch), -1 when unknown. */
    private static long started(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }

    private static String pidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "none"; // no /proc (macOS): pids are the machine's own
        }
    }
}
