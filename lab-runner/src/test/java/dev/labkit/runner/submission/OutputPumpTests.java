package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A process's output read for real, through a pipe: bounded memory, and never a broken pipe because of the runner. */
class OutputPumpTests {

    private static final long LINE_BYTES = 300_000_000L;

    /** {@code bytes} bytes of 'x' and no newline, as one shell pipeline. */
    private static Process printing(long bytes) throws Exception {
        return new ProcessBuilder(List.of("sh", "-c", "head -c " + bytes + " /dev/zero | tr '\\0' x"))
                .redirectErrorStream(true).start();
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aLineOf300MegabytesIsReadInBoundedPiecesCutAndCounted() throws Exception {
        LogTail log = new LogTail();
        AtomicLong pieces = new AtomicLong();
        AtomicLong firstAllocated = new AtomicLong();
        AtomicLong lastAllocated = new AtomicLong();
        Process process = printing(LINE_BYTES);
        OutputPump pump = new OutputPump(process.getInputStream(), (bytes, length) -> {
            log.write(bytes, 0, length);
            // Sampled now and then: asking for the figure allocates a little itself.
            long piece = pieces.incrementAndGet();
            if (piece == 1) {
                firstAllocated.set(allocatedByThisThread());
            } else if (piece % 1024 == 0) {
                lastAllocated.set(allocatedByThisThread());
            }
        }, log, "test-pump").start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the pipeline finished").isTrue();
        assertThat(pump.awaitEnd(Duration.ofSeconds(10))).isTrue();

        assertThat(process.exitValue()).as("the printer was not killed by a broken pipe").isZero();
        assertThat(log.text()).isEqualTo("x".repeat(LogTail.MAX_LINE_BYTES) + "… (line cut: "
                + (LINE_BYTES - LogTail.MAX_LINE_BYTES) + " more bytes)\n");
        assertThat(pieces.get() * OutputPump.CHUNK_BYTES).as("read in pieces of at most 8 KB")
                .isGreaterThanOrEqualTo(LINE_BYTES);
        assertThat(lastAllocated.get() - firstAllocated.get())
                .as("bytes the reading thread allocated while 300 MB went through it").isLessThan(1L << 20);
    }

    /** The log's failure is simulated (an OutOfMemoryError thrown by the sink); the pipe and the process are real. */
    @Test
    void whenTheLogFailsAsIfOutOfMemoryTheOutputIsStillDrainedAndTheFaultIsTheRunners() throws Exception {
        LogTail log = new LogTail();
        AtomicInteger pieces = new AtomicInteger();
        Process process = printing(50_000_000L);
        OutputPump pump = new OutputPump(process.getInputStream(), (bytes, length) -> {
            if (pieces.incrementAndGet() == 3) {
                throw new OutOfMemoryError("Java heap space (simulated)");
            }
            log.write(bytes, 0, length);
        }, log, "test-pump").start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the printer finished: its output was drained").isTrue();
        assertThat(pump.awaitEnd(Duration.ofSeconds(10))).isTrue();

        assertThat(process.exitValue()).as("the printer was not killed by a broken pipe").isZero();
        assertThatThrownBy(() -> log.requireIntact("the app")).isInstanceOf(LabException.class)
                .hasMessageStartingWith("the runner failed while reading the output of the app"
                        + " (java.lang.OutOfMemoryError: Java heap space (simulated))");
        assertThat(log.text()).endsWith("(the runner stopped reading this output here:"
                + " java.lang.OutOfMemoryError: Java heap space (simulated))\n");
    }
}
