package dev.labkit.runner.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A service a lab declares besides the model ({@code services:} in {@code lab.yaml}), e.g. {@code redis: {}}.
 *
 * @param name its kind and name, one of {@link #KINDS}: {@code redis}
 * @param image the container image to run it from instead of the runner's default ({@code image:}), if given
 */
public record ServiceSpec(String name, Optional<String> image) {

    /** The services the runner can provide. */
    public static final Set<String> KINDS = Set.of("redis");

    public ServiceSpec {
        if (!KINDS.contains(name)) {
            throw new IllegalArgumentException("unknown service '" + name + "' (known: " + String.join(", ",
                    KINDS.stream().sorted().toList()) + ")");
        }
    }

    /** The environment variable that gives the app its URL: {@code redis} -> {@code LAB_REDIS_URL}. */
    public String urlVariable() {
        return urlVariable(name);
    }

    /** {@code redis} -> {@code LAB_REDIS_URL}. */
    public static String urlVariable(String name) {
        return "LAB_" + name.toUpperCase(Locale.ROOT) + "_URL";
    }
}
