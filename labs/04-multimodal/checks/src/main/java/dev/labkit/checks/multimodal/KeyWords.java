package dev.labkit.checks.multimodal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a sentence that a real speech-to-text model must hear: those of five letters or more
 * ({@code "What fruit is in this picture?"} gives {@code fruit, picture}), so that small words a
 * recogniser may drop or mishear do not decide.
 */
final class KeyWords {

    static final int MIN_LENGTH = 5;

    private KeyWords() {}

    /** The key words of {@code sentence}, lower case, in order, each once. */
    static List<String> of(String sentence) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : words(sentence)) {
            if (word.length() >= MIN_LENGTH) {
                words.add(word);
            }
        }
        return List.copyOf(words);
    }

    /** The key words of {@code expected} that {@code heard} lacks (as whole words, in any case). */
    static List<String> missing(List<String> expected, String heard) {
        Set<String> said = new LinkedHashSet<>(words(heard));
        List<String> missing = new ArrayList<>();
        for (String word : expected) {
            if (!said.contains(word)) {
                missing.add(word);
            }
        }
        return missing;
    }

    /** The words of {@code text}, lower case: runs of letters, digits and apostrophes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
