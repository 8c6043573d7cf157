package dev.labkit.runner.submission;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Drains a process's output into a {@link LogTail} on a daemon thread, in pieces of at most
 * {@value #CHUNK_BYTES} bytes whatever the process prints (one endless line included), so that
 * reading costs a fixed amount of memory. It reads until the output ends: should the log fail
 * (a fault of the runner), the fault is recorded in the log and the output is still drained, so
 * the process never meets a full or broken pipe because of the runner.
 */
final class OutputPump {

    static final int CHUNK_BYTES = 8 * 1024;

    /** Where the pieces go. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int length);
    }

    private final InputStream source;
    private final Sink sink;
    private final LogTail log;
    private final Thread thread;

    /** @param faults where a failure of {@code sink} is recorded */
    OutputPump(InputStream source, Sink sink, LogTail faults, String name) {
        this.source = source;
        this.sink = sink;
        this.log = faults;
        this.thread = new Thread(this::pump, name);
        thread.setDaemon(true);
    }

    /** Starts draining {@code source} into {@code log}. */
    static OutputPump start(InputStream source, LogTail log, String name) {
        OutputPump pump = new OutputPump(source, (bytes, length) -> log.write(bytes, 0, length), log, name);
        pump.thread.start();
        return pump;
    }

    OutputPump start() {
        thread.start();
        return this;
    }

    private void pump() {
        byte[] chunk = new byte[CHUNK_BYTES];
        boolean logging = true;
        try (source) {
            int read;
            while ((read = source.read(chunk)) >= 0) {
                if (logging) {
                    try {
                        sink.write(chunk, read);
                    } catch (Throwable fault) {
                        logging = false;
                        log.readerFailed(fault);
                    }
                }
            }
        } catch (IOException e) {
            // The process went away; what it printed so far is in the log.
        } catch (Throwable fault) {
            log.readerFailed(fault);
        }
    }

    /** Waits up to {@code limit} for the output to end; true when it did. */
    boolean awaitEnd(Duration limit) {
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
