package dev.labkit.runner.grading;

/**
 * The app's output as the grading reads it, so that a check that did not pass carries what the app printed while
 * it ran (an exception the app caught and logged is often the whole story).
 */
interface AppOutput {

    /** A mark of how far the output has come, for {@link #since}. */
    long mark();

    /** What was printed after {@code mark}, at most its last {@code lines} lines; empty when nothing. */
    String since(long mark, int lines);
}
