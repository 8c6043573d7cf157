package dev.labkit.runner.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * Names of the local images that cache a model server with its models downloaded (Ollama's, the speech
 * server's): one tag per server image and set of models, so that the next start needs no download.
 */
final class ModelCacheImages {

    private ModelCacheImages() {}

    /**
     * {@code repository:<12 hex digits>}: the first 12 hex digits of the SHA-256 of the server image and the
     * sorted model names, so that the same image and models (in any order) always name the same cache.
     */
    static String name(String repository, String image, Collection<String> models) {
        String key = image + " " + String.join(",", new TreeSet<>(models));
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
            return repository + ":" + hash.substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
