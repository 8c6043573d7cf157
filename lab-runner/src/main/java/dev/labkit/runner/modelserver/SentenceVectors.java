package dev.labkit.runner.modelserver;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Sentence embeddings for the default answer, kept per server (up to {@value #CACHE_SIZE} sentences,
 * least recently used dropped first): the system prompt and a conversation's earlier turns come back
 * with every request, so usually only the new question and the new turns are embedded.
 */
final class SentenceVectors {

    static final int CACHE_SIZE = 4096;
    /** Only the start of a longer text is embedded: the model reads at most 256 word pieces anyway. */
    static final int MAX_CHARS = 2000;

    private static final AtomicReference<Thread> LOADER = new AtomicReference<>();

    private final Function<List<String>, List<float[]>> model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** @param model L2-normalised vectors of texts, one per text, in order */
    SentenceVectors(Function<List<String>, List<float[]>> model) {
        this.model = model;
    }

    /** The in-process all-MiniLM-L6-v2 model ({@link Embeddings}). */
    static SentenceVectors inProcess() {
        return new SentenceVectors(texts -> Embeddings.embed(texts, Embeddings.MODEL_DIMENSIONS));
    }

    /**
     * Starts loading the in-process model ({@link Embeddings}) on a background thread, once per JVM: about
     * a second of one core, which would otherwise be spent by the first request that needs a vector. A
     * model that cannot load is left for {@link #of} to report. A process that exits must first
     * {@link #awaitLoad}.
     */
    static void loadInProcessModel() {
        Thread loader = new Thread(() -> {
            try {
                Embeddings.embed(List.of("warm up"), Embeddings.MODEL_DIMENSIONS);
            } catch (RuntimeException | LinkageError e) {
                // of() meets the same failure and answers without vectors.
            }
        }, "labkit-embeddings-load");
        loader.setDaemon(true);
        if (LOADER.compareAndSet(null, loader)) {
            loader.start();
        }
    }

    /**
     * Waits, at most {@code limit}, for a load started by {@link #loadInProcessModel} to end. ONNX Runtime
     * frees its native environment in a shutdown hook of its own (OrtEnvironment's OrtEnvCloser, 1.20),
     * which runs while the JVM exits, alongside any other hook: a load still under way then crashes the
     * process (SIGSEGV in libonnxruntime, exit code 134). So this is called before exiting, not in a hook.
     */
    static void awaitLoad(Duration limit) throws InterruptedException {
        Thread loader = LOADER.get();
        if (loader != null) {
            loader.join(Math.max(1, limit.toMillis()));
        }
    }

    /**
     * The vectors of {@code texts}, in order; empty when the embedding model cannot run on this machine
     * (e.g. the ONNX runtime's native library does not load).
     */
    Optional<List<float[]>> of(List<String> texts) {
        List<String> keys = texts.stream().map(t -> t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t).toList();
        Map<String, float[]> found = new HashMap<>();
        Set<String> missingKeys = new LinkedHashSet<>();
        synchronized (cache) {
            for (String key : keys) {
                float[] vector = cache.get(key);
                if (vector != null) {
                    found.put(key, vector);
                } else {
                    missingKeys.add(key);
                }
            }
        }
        List<String> missing = List.copyOf(missingKeys);
        if (!missing.isEmpty()) {
            List<float[]> computed;
            try {
                computed = model.apply(missing);
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty();
            }
            synchronized (cache) {
                for (int i = 0; i < missing.size(); i++) {
                    found.put(missing.get(i), computed.get(i));
                    cache.put(missing.get(i), computed.get(i));
                }
            }
        }
        return Optional.of(keys.stream().map(found::get).toList());
    }
}
