package dev.labkit.runner.validate;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.Tier;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A check as its suite declares it ({@link Check} on a method), read as written, mistakes and all
 * (duplicate ids, blank hints), so that validation can name every one; grading reads the same
 * annotations strictly ({@code grading.CheckDefinition}).
 *
 * @param id the check's id, as written (may be blank)
 * @param title as written
 * @param points as written
 * @param hint as written ({@code ""} when left out)
 * @param tier contract, live or browser
 * @param models the model roles the check exercises ({@code chat}, {@code embedding}, {@code vision})
 * @param method the method's name, to point at a check without an id
 */
public record DeclaredCheck(String id, String title, int points, String hint, Tier tier, List<String> models,
        String method) {

    public DeclaredCheck {
        models = List.copyOf(models);
    }

    /** Every {@code @Check} method of {@code suite} and its superclasses, by method name. */
    public static List<DeclaredCheck> of(Class<?> suite) {
        List<DeclaredCheck> checks = new ArrayList<>();
        for (Class<?> type = suite; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                Check check = method.getAnnotation(Check.class);
                if (check != null) {
                    checks.add(new DeclaredCheck(check.id(), check.title(), check.points(), check.hint(), check.tier(),
                            Arrays.asList(check.models()), method.getName()));
                }
            }
        }
        checks.sort(Comparator.comparing(DeclaredCheck::method));
        return List.copyOf(checks);
    }

    /** How a problem names it: its id, or its method when it has none. */
    String name() {
        return id.isBlank() ? "the check of method " + method + "()" : "check " + id;
    }
}
