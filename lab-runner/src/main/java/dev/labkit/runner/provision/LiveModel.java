package dev.labkit.runner.provision;

import java.net.URI;
import java.util.Optional;

/**
 * What provisioning settled on: the real Ollama the lab model forwards to, or why there is none.
 *
 * @param upstream the real model's base URL, when there is one
 * @param provider {@code embedded}, {@code ollama-url} or {@code container}, for reports
 * @param unavailable why live checks are skipped (empty when a real model is there)
 * @param stop what stops the real model when grading ends (a container), or nothing
 */
public record LiveModel(Optional<URI> upstream, String provider, Optional<String> unavailable, AutoCloseable stop) {

    private static final AutoCloseable NOTHING = () -> { };

    public static LiveModel none(String reason) {
        return new LiveModel(Optional.empty(), "embedded", Optional.of(reason), NOTHING);
    }

    public static LiveModel at(URI url) {
        return new LiveModel(Optional.of(url), "ollama-url", Optional.empty(), NOTHING);
    }

    public static LiveModel in(ContainerModels container) {
        return new LiveModel(Optional.of(container.url()), "container", Optional.empty(), container);
    }
}
