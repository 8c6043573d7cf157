package dev.labkit.checks.sdk;

import java.util.Comparator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * The order checks run and are reported in, whatever the method names: contract checks before
 * live ones; within a tier, ids without a dot (such as {@code health}) first, then by id. The JVM
 * gives methods in no guaranteed order, and a report in source order would depend on it.
 */
public final class CheckOrder implements MethodOrderer {

    public static final Comparator<Check> CHECKS = Comparator.comparing((Check c) -> c.tier().ordinal())
            .thenComparing(c -> c.id().contains("."))
            .thenComparing(Check::id);

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(Comparator.comparing(
                d -> d.findAnnotation(Check.class).orElse(null), Comparator.nullsLast(CHECKS)));
    }
}
