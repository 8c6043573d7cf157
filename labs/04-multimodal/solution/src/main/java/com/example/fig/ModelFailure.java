package com.example.fig;

import java.net.http.HttpTimeoutException;

/**
 * What the user is told when a model fails: 504 when it took too long, 502 for anything else
 * (an error status, an unreachable server). Never the exception's own text: it may name internal
 * URLs.
 */
record ModelFailure(int status, String message) {

    static ModelFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof dev.langchain4j.exception.TimeoutException) {
                return new ModelFailure(504, "Fig's model took too long to answer. Please try again.");
            }
        }
        return new ModelFailure(502, "Fig's model is unavailable right now. Please try again in a moment.");
    }
}
