package dev.labkit.checks.sdk;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the runner leaves a {@link LabEnvironment} for the suite it launches. The runner passes
 * the registration's id as the JUnit configuration parameter {@value #CONFIGURATION_KEY}.
 */
public final class LabEnvironments {

    public static final String CONFIGURATION_KEY = "labkit.environment";

    private static final Map<String, LabEnvironment> REGISTERED = new ConcurrentHashMap<>();

    private LabEnvironments() {}

    /** Registers {@code environment} until the returned registration is closed. */
    public static Registration register(LabEnvironment environment) {
        String id = UUID.randomUUID().toString();
        REGISTERED.put(id, environment);
        return new Registration(id);
    }

    public static Optional<LabEnvironment> lookup(String id) {
        return Optional.ofNullable(REGISTERED.get(id));
    }

    /** A registered environment; close it when the suite has finished. */
    public record Registration(String id) implements AutoCloseable {
        @Override
        public void close() {
            REGISTERED.remove(id);
        }
    }
}
