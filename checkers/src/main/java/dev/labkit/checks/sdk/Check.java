package dev.labkit.checks.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

/**
 * Marks a method of a {@link LabChecks} suite as one graded check. The {@code id} is public and
 * stable: reports, instructors' tools and lab briefs refer to it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
public @interface Check {

    /** Stable, public id, e.g. {@code chat.memory}. */
    String id();

    /** One line saying what is checked, shown in reports. */
    String title();

    /** Points earned when the check passes. */
    int points();

    /** Shown to the learner when the check fails: where to look, what to try. */
    String hint() default "";

    Tier tier() default Tier.CONTRACT;

    /** Counted in the score, but its message and hint are shown only to instructors. */
    boolean hidden() default false;

    /**
     * The model roles of lab.yaml's {@code models:} ({@code chat}, {@code embedding}, {@code vision})
     * that this check exercises with a real model; for live checks. {@code lab validate} requires a
     * live check for every role a lab declares.
     */
    String[] models() default {};
}
