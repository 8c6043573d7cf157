package com.example.fig;

/**
 * The speech service failed: it answered an error status or something that is not what was asked
 * for, it could not be reached, or it took too long. The user gets a 502 naming the speech service;
 * the cause stays in the log.
 */
final class SpeechFailure extends RuntimeException {

    static final String MESSAGE = "The speech service is unavailable right now, so Fig cannot listen or speak."
            + " Please type your question, or try again in a moment.";

    SpeechFailure(String detail, Throwable cause) {
        super(detail, cause);
    }
}
