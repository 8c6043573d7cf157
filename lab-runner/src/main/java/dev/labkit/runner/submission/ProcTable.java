package dev.labkit.runner.submission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The processes of this machine as Linux's {@code /proc} shows them (proc(5)): what the JDK's
 * {@link ProcessHandle} does not tell (session ids, working folders, open files, environments).
 * Empty where there is no {@code /proc}: a process that cannot be read is skipped, never an error.
 */
final class ProcTable {

    private static final Path PROC = Path.of("/proc");
    private static final int DESCRIPTION_LENGTH = 200;
    private static final Duration POLL = Duration.ofMillis(10);

    /** Clock ticks a second in /proc's times (USER_HZ: 100 on every architecture the runner supports). */
    private static final int TICKS_PER_SECOND = 100;

    /**
     * One line of {@code /proc/<pid>/stat}.
     *
     * @param state R, S, D, Z (zombie: exited, not yet reaped), ...
     * @param session the session id: the pid of the session's leader ({@code setsid})
     * @param startTicks when it started, in clock ticks since boot
     */
    record Entry(long pid, long parent, long session, char state, long startTicks) {
        boolean running() {
            return state != 'Z' && state != 'X';
        }
    }

    private ProcTable() {}

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** Every process that is still running (zombies left out), but this JVM. */
    static List<Entry> running() {
        long self = ProcessHandle.current().pid();
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(PROC)) {
            dirs.map(dir -> dir.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> pid != self)
                    .forEach(pid -> entry(pid).filter(Entry::running).ifPresent(entries::add));
        } catch (IOException e) {
            // No /proc: nothing to show.
        }
        return entries;
    }

    /** The processes of session {@code session} that still run. */
    static List<Long> session(long session) {
        return running().stream().filter(e -> e.session() == session).map(Entry::pid).toList();
    }

    static Optional<Entry> entry(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.UTF_8);
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Entry(pid, Long.parseLong(fields[1]), Long.parseLong(fields[3]), fields[0].charAt(0),
                    Long.parseLong(fields[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean isRunning(long pid) {
        return entry(pid).filter(Entry::running).isPresent();
    }

    /** Now, in clock ticks since boot, to compare with {@link Entry#startTicks()}; 0 when unknown. */
    static long ticksSinceBoot() {
        try {
            String uptime = Files.readString(PROC.resolve("uptime"), StandardCharsets.UTF_8);
            return (long) (Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long ticks(Duration duration) {
        return duration.toMillis() * TICKS_PER_SECOND / 1000;
    }

    /**
     * Whether the process works in, holds a file open in, or was started with {@code marker} in
     * its environment (a {@code NAME=value} entry): what ties a detached process to a run.
     */
    static boolean belongsTo(long pid, Path folder, String marker) {
        Path dir = PROC.resolve(Long.toString(pid));
        if (pointsInto(dir.resolve("cwd"), folder)) {
            return true;
        }
        try {
            byte[] environment = Files.readAllBytes(dir.resolve("environ"));
            if (List.of(new String(environment, StandardCharsets.UTF_8).split("\0")).contains(marker)) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // Gone, or not ours to read.
        }
        try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
            return fds.anyMatch(fd -> pointsInto(fd, folder));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean pointsInto(Path link, Path folder) {
        try {
            return Files.readSymbolicLink(link).startsWith(folder);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Its command line, cut to a readable length, for a report. */
    static String describe(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
            String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (line.isEmpty()) {
                line = Files.readString(PROC.resolve(pid + "/comm"), StandardCharsets.UTF_8).strip();
            }
            return cut(line);
        } catch (IOException | RuntimeException e) {
            return "pid " + pid;
        }
    }

    static String cut(String line) {
        return line.length() <= DESCRIPTION_LENGTH ? line : line.substring(0, DESCRIPTION_LENGTH) + "…";
    }

    /** Sends SIGKILL to each, then waits up to {@code limit} until none runs; true when none does. */
    static boolean kill(Collection<Long> pids, Duration limit) {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        long deadline = System.nanoTime() + limit.toNanos();
        while (pids.stream().anyMatch(ProcTable::isRunning)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
