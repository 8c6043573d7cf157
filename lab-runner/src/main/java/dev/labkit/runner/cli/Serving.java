package dev.labkit.runner.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server of a {@code serve} command running until the user stops it (Ctrl-C, SIGTERM). */
final class Serving {

    private Serving() {}

    static void untilStopped(AutoCloseable server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(server);
            stopped.countDown();
        }, "labkit-serve-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(server);
        }
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            // Stopping anyway.
        }
    }
}
