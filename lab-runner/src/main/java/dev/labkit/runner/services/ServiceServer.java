package dev.labkit.runner.services;

import java.net.URI;

/**
 * One provider's running server for a service: where it answers, and how to take it down and bring it back at
 * the same address. Closing stops it for good and frees what it held.
 */
interface ServiceServer extends AutoCloseable {

    /** {@code container}, {@code process}, {@code embedded} or {@code url}. */
    String provider();

    /** Its URL as the app gets it, e.g. {@code redis://127.0.0.1:6379}. */
    URI url();

    /** Whether {@link #stop()} can take it down. */
    boolean stoppable();

    /** Takes it down: connections are refused (or, in a paused container, hang). */
    void stop();

    /** Brings it back at {@link #url()} after {@link #stop()}; its readiness is awaited by the caller. */
    void start();

    /** Whether it has been stopped with {@link #stop()} and not started again. */
    boolean stopped();

    @Override
    void close();
}
