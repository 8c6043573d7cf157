package com.example.tally;

import dev.langchain4j.exception.HttpException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;

/**
 * A failed call to the model, classified: an HTTP error status, a timeout, a connection error, or
 * something else. Only 502, 503 and connection errors are worth another attempt; a timeout is not
 * (the user has already waited 10 s).
 */
final class ModelFailure extends RuntimeException {

    enum Kind { STATUS, TIMEOUT, CONNECTION, OTHER }

    private final Kind kind;
    private final String errorType;

    private ModelFailure(Kind kind, String errorType, Throwable cause) {
        super("model call failed: " + errorType, cause);
        this.kind = kind;
        this.errorType = errorType;
    }

    /** Classifies what langchain4j threw, by its causes (it wraps the HTTP client's exceptions). */
    static ModelFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof dev.langchain4j.exception.TimeoutException) {
                return new ModelFailure(Kind.TIMEOUT, "timeout", error);
            }
            if (cause instanceof HttpException http) {
                return new ModelFailure(Kind.STATUS, Integer.toString(http.statusCode()), error);
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) { // refused, reset, closed without an answer
                return new ModelFailure(Kind.CONNECTION, io.getClass().getName(), error);
            }
        }
        return new ModelFailure(Kind.OTHER, error.getClass().getName(), error);
    }

    Kind kind() {
        return kind;
    }

    /** The {@code error_type} label: the HTTP status as text, {@code timeout}, or an exception class. */
    String errorType() {
        return errorType;
    }

    boolean retryable() {
        return kind == Kind.CONNECTION || errorType.equals("502") || errorType.equals("503");
    }
}
