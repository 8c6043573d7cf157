package dev.labkit.runner.provision;

import dev.labkit.runner.LabException;
import java.net.URI;
import java.util.Locale;

/** The {@code --models} choice: where live checks get a real model. */
public sealed interface ModelProvider {

    /** The lab model alone: contract checks only, live checks skipped. */
    record Embedded() implements ModelProvider {}

    /** An Ollama the user runs, at this URL. */
    record OllamaUrl(URI url) implements ModelProvider {}

    /** Ollama in a container started for the run, its models cached in a local image. */
    record Container() implements ModelProvider {}

    /**
     * A real Ollama at {@code OLLAMA_HOST} or 127.0.0.1:11434 if one answers; else Ollama in a
     * container if Docker answers and the Ollama image is already local (auto never downloads an
     * image); else the lab model alone.
     */
    record Auto() implements ModelProvider {}

    static ModelProvider parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("embedded")) {
            return new Embedded();
        }
        if (value.equalsIgnoreCase("auto")) {
            return new Auto();
        }
        if (value.equalsIgnoreCase("container")) {
            return new Container();
        }
        if (value.toLowerCase(Locale.ROOT).startsWith("url=")) {
            return new OllamaUrl(ollamaUrl(value.substring(4)));
        }
        throw LabException.of("--models must be auto, embedded, container or url=URL (e.g. url=http://127.0.0.1:11434), not '"
                + text + "'");
    }

    /** An Ollama address as {@code OLLAMA_HOST} writes it ({@code host:port}, or a URL) as a base URL. */
    static URI ollamaUrl(String address) {
        String url = address.strip().replaceAll("/+$", "");
        if (!url.contains("://")) {
            url = "http://" + url;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri.getPort() < 0 ? URI.create(uri.getScheme() + "://" + uri.getHost() + ":11434") : uri;
        } catch (IllegalArgumentException e) {
            throw LabException.of("'" + address + "' is not an Ollama address: write host:port or http://host:port");
        }
    }
}
