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

    /**
     * Counted in the score, but its message and hint are shown only to instructors. What it reads
     * belongs in the lab's {@code hidden/} folder ({@link LabEnvironment#hiddenDir()}), which learner
     * packs leave out: there the check is withheld, its points still in the total.
     */
    boolean hidden() default false;

    /**
     * For a {@link Tier#LIVE} check: the model roles of {@code lab.yaml} it exercises with a real model
     * ({@code chat}, {@code embedding}, {@code vision}, {@code stt}, {@code tts}). {@code lab validate} wants a
     * live check for every role the lab declares. The check is skipped, with the reason, when no real model
     * serves one of them ({@link LabEnvironment#liveModelUnavailable(String)}).
     */
    String[] models() default {};
}
