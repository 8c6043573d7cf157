package dev.labkit.runner.grading;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a grading run must stop, in reverse order of starting: closed at the end of the run, and
 * also by a shutdown hook when the user presses Ctrl-C (where finally blocks do not run).
 */
final class Cleanup implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook = new Thread(this::close, "labkit-cleanup");
    private boolean hookInstalled;

    Cleanup() {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            hookInstalled = true;
        } catch (IllegalStateException e) {
            // Already shutting down: nothing new will be started anyway.
        }
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = resources.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                // Keep closing the rest: one stuck resource must not leave processes behind.
            }
        }
        if (hookInstalled && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down: the hook runs anyway and finds nothing left to close.
            }
            hookInstalled = false;
        }
    }
}
