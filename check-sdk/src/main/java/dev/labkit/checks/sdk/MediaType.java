package dev.labkit.checks.sdk;

import java.util.Locale;
import java.util.Optional;

/**
 * Compares a {@code Content-Type} header with a media type as HTTP does (RFC 9110, section
 * 8.3.1): type and subtype in any case, parameters such as {@code charset} ignored.
 */
final class MediaType {

    private MediaType() {}

    /** Whether {@code contentType} (a header value, or empty) is {@code expected}, e.g. {@code text/html}. */
    static boolean is(Optional<String> contentType, String expected) {
        return contentType.map(value -> {
            int parameters = value.indexOf(';');
            String type = parameters < 0 ? value : value.substring(0, parameters);
            return type.strip().toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT));
        }).orElse(false);
    }
}
