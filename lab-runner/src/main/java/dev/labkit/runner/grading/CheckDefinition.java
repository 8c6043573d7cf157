package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.CheckOrder;
import dev.labkit.checks.sdk.Tier;
import dev.labkit.runner.LabException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A check as declared by its {@link Check} annotation, read from the suite class without running
 * it (so a build failure can still list every check it would have run).
 */
public record CheckDefinition(
        String id, String title, int points, String hint, Tier tier, boolean hidden, String methodName) {

    static CheckDefinition of(Method method, Check check) {
        return new CheckDefinition(check.id(), check.title(), check.points(), check.hint(), check.tier(),
                check.hidden(), method.getName());
    }

    /**
     * The checks of a suite class (see {@link dev.labkit.runner.suite.SuiteLoader}), in the order they
     * run ({@link CheckOrder}, configured by {@link SuiteRunner}).
     *
     * @throws LabException when an id is declared twice, points are negative, or there is no check
     */
    public static List<CheckDefinition> of(Class<?> suite) {
        List<CheckDefinition> checks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Method method : methods(suite)) {
            Check check = method.getAnnotation(Check.class);
            if (check == null) {
                continue;
            }
            if (!ids.add(check.id())) {
                throw LabException.of("suite " + suite.getName() + " declares check id '" + check.id() + "' twice");
            }
            if (check.points() < 0) {
                throw LabException.of("check '" + check.id() + "' has negative points");
            }
            checks.add(of(method, check));
        }
        if (checks.isEmpty()) {
            throw LabException.of("suite " + suite.getName() + " has no @Check methods");
        }
        return List.copyOf(checks);
    }

    private static List<Method> methods(Class<?> suite) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> type = suite; type != null && type != Object.class; type = type.getSuperclass()) {
            methods.addAll(0, Arrays.asList(type.getDeclaredMethods()));
        }
        // The order the suite runs in (SuiteRunner configures CheckOrder).
        methods.sort(Comparator.comparing((Method m) -> m.getAnnotation(Check.class),
                Comparator.nullsLast(CheckOrder.CHECKS)).thenComparing(Method::getName));
        return methods;
    }
}
