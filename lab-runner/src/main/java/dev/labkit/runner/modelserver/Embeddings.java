package dev.labkit.runner.modelserver;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * Real embeddings: all-MiniLM-L6-v2 (quantized ONNX, 384 dimensions) run in-process, loaded once
 * per JVM on first use, vectors L2-normalised.
 */
final class Embeddings {

    static final int DIMENSIONS = 384;

    private Embeddings() {}

    /** Holder idiom: the model loads (about a second) only when the first embedding is asked for. */
    private static final class Model {
        static final EmbeddingModel INSTANCE = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    static List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isEmpty() ? " " : t)).toList();
        return Model.INSTANCE.embedAll(segments).content().stream().map(Embedding::vector)
                .map(Embeddings::normalised).toList();
    }

    static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return vector;
        }
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }
}
