package dev.labkit.runner.provision;

import java.net.URI;
import java.util.Optional;

/**
 * What provisioning settled on: the real Ollama the lab model forwards to, or why there is none.
 *
 * @param upstream the real model's base URL, when there is one
 * @param provider {@code embedded} or {@code ollama-url}, for reports
 * @param unavailable why live checks are skipped (empty when a real model is there)
 */
public record LiveModel(Optional<URI> upstream, String provider, Optional<String> unavailable) {

    public static LiveModel none(String reason) {
        return new LiveModel(Optional.empty(), "embedded", Optional.of(reason));
    }

    public static LiveModel at(URI url) {
        return new LiveModel(Optional.of(url), "ollama-url", Optional.empty());
    }
}
