package com.example.tally;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id a response carries: the client's own {@code X-Request-Id} when valid, else a new one. */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** {@code given} when it is 1-128 characters of {@code A-Za-z0-9._:-}, else a random UUID. */
    static String accept(String given) {
        return given != null && VALID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
