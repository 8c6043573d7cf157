package dev.labkit.checks.sdk;

import java.util.function.Supplier;

/**
 * Plain-language expectations for checks: when one fails, the learner reads exactly the message
 * the check wrote (what was expected, what happened, where to look), with no assertion-library
 * framing around it. AssertJ works in checks too; use this where its messages would read poorly.
 */
public final class Expect {

    private Expect() {}

    /** Fails the check with {@code message} unless {@code condition} holds. */
    public static void that(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }

    /** Fails the check with {@code message}. */
    public static AssertionError fail(String message) {
        throw new AssertionError(message);
    }
}
