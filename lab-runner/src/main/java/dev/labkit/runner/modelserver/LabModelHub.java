package dev.labkit.runner.modelserver;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one lab model of a run: of a whole {@code lab grade} batch, or of one {@code lab check}. It owns what
 * submissions can share, and gives each submission a {@linkplain #seat seat}: a {@link LabModelServer} on its
 * own loopback port, with its own script, traffic, request numbering, upstream and stalled-request wake-up.
 *
 * <p>Shared: one thread pool for every seat's requests, and one default responder (its cache of sentence
 * vectors: a lab's fixtures and checks send the same sentences for every submission; the vectors are computed
 * from the text alone, so sharing them changes no answer). The in-process embedding model and the speech voice
 * are loaded once per JVM anyway. Kept apart, per seat: the port (so {@code OLLAMA_BASE_URL} is
 * {@code http://127.0.0.1:PORT} as ever), the {@code ModelScript} (also {@code goDown()}), the
 * {@code ModelTraffic} and its numbering, the model catalog (pulled models), the real model and speech server
 * behind it, and the wake-up of stalled requests.
 *
 * <p>A seat's requests never wait for another seat's: the pool grows a thread whenever none is idle (idle
 * threads end after {@value #IDLE_SECONDS} s), and each seat runs at most {@value #THREADS_PER_SEAT} requests
 * at once, its further requests waiting in its own queue. So the pool holds at most {@value #THREADS_PER_SEAT}
 * threads per open seat. {@link #close} closes every seat still open and ends the pool.
 */
public final class LabModelHub implements AutoCloseable {

    /** Enough for a check's concurrent sessions plus stalled requests; a seat's further requests wait their turn. */
    static final int THREADS_PER_SEAT = 128;

    /** How long a pool thread nobody needs stays. */
    static final int IDLE_SECONDS = 30;

    private static final AtomicInteger HUBS = new AtomicInteger();

    private final ExecutorService pool;
    private final int threadsPerSeat;
    private final DefaultResponder defaultAnswers = new DefaultResponder(SentenceVectors.inProcess());
    private final Set<LabModelServer> seats = ConcurrentHashMap.newKeySet();
    private final String threadPrefix;
    private boolean closed;

    /** A hub whose seats each answer up to {@value #THREADS_PER_SEAT} requests at once. */
    public LabModelHub() {
        this(THREADS_PER_SEAT);
    }

    /** A hub whose seats each answer up to {@code threadsPerSeat} requests at once (tests: a small bound). */
    LabModelHub(int threadsPerSeat) {
        if (threadsPerSeat < 1) {
            throw new IllegalArgumentException("a seat needs at least one thread: " + threadsPerSeat);
        }
        this.threadsPerSeat = threadsPerSeat;
        threadPrefix = "labkit-model-" + HUBS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        // No queue: a task gets an idle thread or a new one, never a wait behind another seat's tasks.
        pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, threadPrefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * A seat: a lab model listening at once on {@code config}'s address, answering by its script and recording
     * into its traffic; closing it closes its port and wakes its own stalled requests only.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when the hub is closed
     */
    public LabModelServer seat(LabModelServer.Config config) throws IOException {
        return seat(config, RequestLog.OFF, false);
    }

    /**
     * A seat that writes a line to {@code log} for each request; with {@code closesHub}, closing it closes the
     * hub too (a server started alone: {@link LabModelServer#start}).
     */
    LabModelServer seat(LabModelServer.Config config, RequestLog log, boolean closesHub) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(log, "log");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the lab model hub is closed: no more seats");
            }
            LabModelServer seat = LabModelServer.open(config, log, new SeatExecutor(pool, threadsPerSeat),
                    defaultAnswers, closedSeat -> {
                        seats.remove(closedSeat);
                        if (closesHub) {
                            close();
                        }
                    });
            seats.add(seat);
            return seat;
        }
    }

    /** How many seats are open. */
    public int openSeats() {
        return seats.size();
    }

    /** Closes every seat still open (their ports close, their stalled requests wake up) and ends the pool's threads. */
    @Override
    public void close() {
        List<LabModelServer> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(seats);
        }
        open.forEach(LabModelServer::close);
        pool.shutdownNow();
    }

    /** Waits up to {@code limit} for the pool's threads to end after {@link #close}; whether they did. */
    boolean awaitThreadsEnded(Duration limit) throws InterruptedException {
        return pool.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the pool's threads are named: this prefix and a number. */
    String threadPrefix() {
        return threadPrefix;
    }
}
