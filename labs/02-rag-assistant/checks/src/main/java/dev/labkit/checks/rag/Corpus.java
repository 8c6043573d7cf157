package dev.labkit.checks.rag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The lab's documents, read from {@code fixtures/docs}, so checks can tell where a chunk the app
 * embedded or returned comes from. Texts are compared with whitespace collapsed, since splitters
 * may rejoin lines and paragraphs differently.
 */
final class Corpus {

    /** Where a chunk sits in a document's normalised text. */
    record Location(String documentId, int start, int end) {}

    /** Embedded texts of fewer words than this are probes, not chunks. */
    static final int PROBE_WORDS = 3;

    private final Map<String, String> normalised = new LinkedHashMap<>();

    private Corpus() {}

    static Corpus read(Path docs) {
        Corpus corpus = new Corpus();
        try (Stream<Path> files = Files.list(docs)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".md") || name.endsWith(".txt")) {
                    corpus.normalised.put(name.substring(0, name.lastIndexOf('.')), normalise(Files.readString(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's documents in " + docs, e);
        }
        return corpus;
    }

    static String normalise(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    List<String> ids() {
        return List.copyOf(normalised.keySet());
    }

    boolean contains(String id) {
        return normalised.containsKey(id);
    }

    /** The document's text with whitespace collapsed. */
    String text(String id) {
        return normalised.get(id);
    }

    /**
     * Whether an embedded text is too short to be a chunk: one or two words. Apps embed such a
     * probe to learn the model's dimension (langchain4j's {@code dimension()} embeds "test", others
     * "test string"); it is not a chunk of a document, even where a document has those words.
     */
    static boolean isProbe(String input) {
        String words = normalise(input);
        return words.isEmpty() || words.split(" ").length < PROBE_WORDS;
    }

    /**
     * Every place the chunk occurs as written, in any document (near-duplicates share passages);
     * in each document, the first occurrence that does not cut a word, or else the first.
     */
    List<Location> locate(String chunk) {
        String needle = normalise(chunk);
        List<Location> found = new ArrayList<>();
        if (needle.isEmpty()) {
            return found;
        }
        normalised.forEach((id, text) -> {
            Location first = null;
            for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                Location location = new Location(id, at, at + needle.length());
                if (!cutsAWord(location)) {
                    first = location;
                    break;
                }
                first = first == null ? location : first;
            }
            if (first != null) {
                found.add(first);
            }
        });
        return found;
    }

    /** Whether a located chunk starts or ends in the middle of a word. */
    boolean cutsAWord(Location location) {
        String text = normalised.get(location.documentId());
        boolean startCut = location.start() > 0 && isWordChar(text.charAt(location.start() - 1))
                && isWordChar(text.charAt(location.start()));
        boolean endCut = location.end() < text.length() && isWordChar(text.charAt(location.end() - 1))
                && isWordChar(text.charAt(location.end()));
        return startCut || endCut;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }
}
