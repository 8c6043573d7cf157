package dev.labkit.runner.modelserver;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one seat's request handlers on its hub's shared thread pool, at most {@code limit} at a time; the
 * seat's further requests wait in the seat's own queue, never in a queue another seat's requests fill.
 * {@link #close} drops the waiting ones and interrupts the running ones (as {@code shutdownNow} did for a
 * server's own pool), and only those: a pool thread that served this seat serves others afterwards with no
 * interrupt left over.
 */
final class SeatExecutor implements Executor {

    private final ExecutorService shared;
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private final Set<Thread> running = new HashSet<>();
    /** Handlers handed to the shared pool and not finished (running, or about to start). */
    private int active;
    private boolean closed;

    /**
     * @param shared the hub's pool: it must start every task it accepts without queueing it behind others
     *     (a pool that grows a thread when none is idle), or one seat's stalled handlers could delay another's
     * @param limit how many of this seat's handlers run at once (>= 1)
     */
    SeatExecutor(ExecutorService shared, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a seat needs at least one thread: " + limit);
        }
        this.shared = shared;
        this.limit = limit;
    }

    @Override
    public void execute(Runnable handler) {
        synchronized (this) {
            if (closed) {
                return; // the seat's server is stopped: its connections are closed already
            }
            if (active >= limit) {
                waiting.add(handler);
                return;
            }
            active++;
        }
        handOver(handler);
    }

    /** Drops the handlers still waiting and interrupts the running ones; later handlers are dropped. */
    void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
            running.forEach(Thread::interrupt);
        }
    }

    /** How many of this seat's handlers run or wait to run. */
    synchronized int pending() {
        return active + waiting.size();
    }

    private void handOver(Runnable handler) {
        try {
            shared.execute(() -> run(handler));
        } catch (RejectedExecutionException e) {
            // The hub closed (its pool is shut down), and every seat with it.
            synchronized (this) {
                active--;
            }
        }
    }

    private void run(Runnable handler) {
        Thread thread = Thread.currentThread();
        synchronized (this) {
            if (closed) {
                active--;
                return;
            }
            running.add(thread);
        }
        Runnable next = null;
        try {
            handler.run();
        } finally {
            synchronized (this) {
                running.remove(thread);
                next = waiting.poll();
                if (next == null) {
                    active--;
                }
            }
            // An interrupt from close() was meant for this seat's handler, not for what the thread runs next.
            Thread.interrupted();
            if (next != null) {
                handOver(next); // in the finally block: a handler that failed hard must not strand the queue
            }
        }
    }
}
