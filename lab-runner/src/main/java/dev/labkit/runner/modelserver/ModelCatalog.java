package dev.labkit.runner.modelserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The model names the server answers to; {@code name} and {@code name:latest} are the same model. */
final class ModelCatalog {

    enum Kind { CHAT, EMBEDDING }

    private final Set<String> chat;
    private final Set<String> embedding;

    ModelCatalog(Set<String> chat, Set<String> embedding) {
        this.chat = normalise(chat);
        this.embedding = normalise(embedding);
    }

    /** What kind of model {@code name} is, or empty when the server does not have it. */
    Optional<Kind> kindOf(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String full = withTag(name);
        if (chat.contains(full)) {
            return Optional.of(Kind.CHAT);
        }
        return embedding.contains(full) ? Optional.of(Kind.EMBEDDING) : Optional.empty();
    }

    Set<String> chatModels() {
        return chat;
    }

    Set<String> embeddingModels() {
        return embedding;
    }

    Set<String> all() {
        Set<String> all = new LinkedHashSet<>(chat);
        all.addAll(embedding);
        return all;
    }

    static String withTag(String name) {
        return name.contains(":") ? name : name + ":latest";
    }

    /** A stable, Ollama-looking digest for a model name. */
    static String digest(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(withTag(name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Set<String> normalise(Set<String> names) {
        Set<String> out = new LinkedHashSet<>();
        names.forEach(n -> out.add(withTag(n)));
        return Set.copyOf(out);
    }
}
