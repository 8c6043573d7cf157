package com.example.fig;

/**
 * A request Fig refuses before calling anything: the status to answer (400, 413, 415) and a
 * sentence for the user.
 */
final class Refusal extends Exception {

    private final int status;

    Refusal(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
