package com.example.lark;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index: chunks of every document with their embeddings, kept in {@code LAB_DATA_DIR} so that
 * a restart embeds only what changed. Chunks are at most 1,000 characters, overlap by up to 200,
 * and are cut at paragraph, sentence or word boundaries, never inside a word.
 */
final class KnowledgeBase {

    static final String DOCUMENT_ID = "documentId";
    static final String TITLE = "title";

    /** What was indexed: a document's id, the hash of its text, and where it came from. */
    record Indexed(String sha256, String title, int chunks, boolean fromFolder) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddingModel embeddings;
    private final DocumentSplitter splitter = DocumentSplitters.recursive(1000, 200);
    private final Path storeFile;
    private final Path manifestFile;
    private final InMemoryEmbeddingStore<TextSegment> store;
    private final Map<String, Indexed> manifest;

    KnowledgeBase(EmbeddingModel embeddings, Path dataDir) throws IOException {
        this.embeddings = embeddings;
        Files.createDirectories(dataDir);
        storeFile = dataDir.resolve("embeddings.json");
        manifestFile = dataDir.resolve("manifest.json");
        boolean saved = Files.exists(storeFile) && Files.exists(manifestFile);
        store = saved ? InMemoryEmbeddingStore.fromFile(storeFile) : new InMemoryEmbeddingStore<>();
        manifest = saved ? JSON.readValue(manifestFile.toFile(), new TypeReference<TreeMap<String, Indexed>>() {})
                : new TreeMap<>();
    }

    /** Indexes the folder's new and changed documents and forgets the folder's deleted ones. */
    synchronized void syncFolder(List<SourceDocument> documents) throws IOException {
        List<String> present = documents.stream().map(SourceDocument::id).toList();
        for (String id : List.copyOf(manifest.keySet())) {
            if (manifest.get(id).fromFolder() && !present.contains(id)) {
                remove(id);
            }
        }
        for (SourceDocument document : documents) {
            Indexed indexed = manifest.get(document.id());
            if (indexed == null || !indexed.sha256().equals(sha256(document.text()))) {
                index(document, true);
            }
        }
        save();
    }

    /** Adds or replaces one document; returns its number of chunks. */
    synchronized int put(SourceDocument document) throws IOException {
        int chunks = index(document, false);
        save();
        return chunks;
    }

    /** The {@code k} chunks most similar to the query, best first, scoring at least {@code minScore}. */
    List<EmbeddingMatch<TextSegment>> search(String query, int k, double minScore) {
        Embedding question = embeddings.embed(query).content();
        return store.search(EmbeddingSearchRequest.builder().queryEmbedding(question).maxResults(k)
                .minScore(minScore).build()).matches();
    }

    private int index(SourceDocument document, boolean fromFolder) {
        Metadata metadata = Metadata.from(DOCUMENT_ID, document.id()).put(TITLE, document.title());
        List<TextSegment> chunks = splitter.split(Document.from(document.text(), metadata));
        List<Embedding> vectors = embeddings.embedAll(chunks).content();
        remove(document.id());
        store.addAll(vectors, chunks);
        manifest.put(document.id(), new Indexed(sha256(document.text()), document.title(), chunks.size(), fromFolder));
        return chunks.size();
    }

    private void remove(String id) {
        store.removeAll(metadataKey(DOCUMENT_ID).isEqualTo(id));
        manifest.remove(id);
    }

    /** Writes both files through temporary copies, so a crash never leaves half an index. */
    private void save() throws IOException {
        Path storeTemp = storeFile.resolveSibling(storeFile.getFileName() + ".tmp");
        Path manifestTemp = manifestFile.resolveSibling(manifestFile.getFileName() + ".tmp");
        store.serializeToFile(storeTemp);
        JSON.writeValue(manifestTemp.toFile(), manifest);
        Files.move(storeTemp, storeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(manifestTemp, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
