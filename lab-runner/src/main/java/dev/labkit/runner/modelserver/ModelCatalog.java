package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.CheckModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The model names the server answers to; {@code name} and {@code name:latest} are the same model.
 * A model "pulled" through {@code /api/pull} joins the catalog, so the lab model stands in for any
 * model name an app asks for once it has been pulled, as with a real Ollama.
 */
final class ModelCatalog {

    enum Kind { CHAT, EMBEDDING }

    /** How a pulled model name is recognised as an embedding model. */
    private static final Pattern EMBEDDING_NAME = Pattern.compile("embed|minilm|bge|e5-|gte-|arctic");

    /** Ollama finds a model whatever the case of its name (server/routes.go getExistingName). */
    private final Map<String, Kind> models = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Optional<Path> pulledFile;

    ModelCatalog(Set<String> chat, Set<String> embedding) {
        this(chat, embedding, Optional.empty());
    }

    /** With {@code pulledFile}: models pulled earlier (one name per line) are served again. */
    ModelCatalog(Set<String> chat, Set<String> embedding, Optional<Path> pulledFile) {
        this.pulledFile = pulledFile;
        chat.forEach(name -> models.put(withTag(name), Kind.CHAT));
        embedding.forEach(name -> models.put(withTag(name), Kind.EMBEDDING));
        pulledFile.filter(Files::isRegularFile).ifPresent(file -> {
            try {
                Files.readAllLines(file).stream().filter(line -> !line.isBlank()).forEach(this::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the pulled models in " + file, e);
            }
        });
    }

    /** What {@code name} is and can do, or empty when the server does not have it. */
    Optional<ModelProfile> profileOf(String name) {
        return kindOf(name).map(kind -> ModelProfile.of(name, kind == Kind.EMBEDDING));
    }

    /** What kind of model {@code name} is, or empty when the server does not have it. */
    Optional<Kind> kindOf(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String full = withTag(name);
        // Served, never listed: only checks use them (see CheckModels).
        return switch (full) {
            case CheckModels.CHAT -> Optional.of(Kind.CHAT);
            case CheckModels.EMBEDDING -> Optional.of(Kind.EMBEDDING);
            default -> Optional.ofNullable(models.get(full));
        };
    }

    /** Adds a pulled model, guessing its kind from its name, and keeps its name in the pulled file. */
    synchronized Kind pull(String name) {
        boolean known = models.containsKey(withTag(name));
        Kind kind = add(name);
        if (!known && pulledFile.isPresent()) {
            try {
                Files.createDirectories(pulledFile.get().toAbsolutePath().getParent());
                Files.writeString(pulledFile.get(), withTag(name) + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the pulled model in " + pulledFile.get(), e);
            }
        }
        return kind;
    }

    /** A pulled model's kind: the library's when it knows the model, else guessed from its name. */
    private Kind add(String name) {
        boolean embedding = ModelProfile.known(name).map(ModelProfile::embeds)
                .orElseGet(() -> EMBEDDING_NAME.matcher(name.toLowerCase(Locale.ROOT)).find());
        Kind guess = embedding ? Kind.EMBEDDING : Kind.CHAT;
        Kind existing = models.putIfAbsent(withTag(name), guess);
        return existing == null ? guess : existing;
    }

    /** Every model, by full name, sorted. */
    Map<String, Kind> all() {
        return Collections.unmodifiableMap(new TreeMap<>(models));
    }

    static String withTag(String name) {
        return name.contains(":") ? name : name + ":latest";
    }

    /**
     * The name as Ollama's capability errors spell it, host and namespace filled in: {@code gemma3}
     * is {@code registry.ollama.ai/library/gemma3:latest} (Ollama's {@code model.ParseName}).
     */
    static String qualified(String name) {
        String full = withTag(name);
        return switch ((int) full.chars().filter(c -> c == '/').count()) {
            case 0 -> "registry.ollama.ai/library/" + full;
            case 1 -> "registry.ollama.ai/" + full;
            default -> full;
        };
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
}
