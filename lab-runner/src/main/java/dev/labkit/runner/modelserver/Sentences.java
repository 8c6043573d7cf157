package dev.labkit.runner.modelserver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text cut into sentences and words, the units the default answer is made of and scored by. */
final class Sentences {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");
    /** A sentence ends at . ! ? followed by a space, unless the next word starts in lower case ("e.g. the"). */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?][\"')\\]]?)\\s+(?=[^\\p{Ll}])");
    private static final Pattern LIST_MARKER = Pattern.compile("^(?:[-*•+>]|\\d{1,3}[.)])\\s+");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does", "did", "for",
            "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on",
            "or", "our", "please", "should", "so", "that", "the", "their", "them", "then", "there", "these", "they",
            "this", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
            "would", "you", "your", "about", "tell", "again", "am", "any", "all", "i'm", "you're", "it's", "what's");

    private Sentences() {}

    /**
     * The sentences of {@code text}, in order: split at . ! ? followed by a space and at line ends, except
     * that a line continuing in lower case is the same sentence wrapped. List markers ({@code -}, {@code
     * 1.}) are left out; blank pieces are skipped.
     */
    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        for (String line : joinWrappedLines(text)) {
            for (String part : SENTENCE_END.split(line)) {
                String sentence = part.strip();
                if (!sentence.isEmpty() && WORD.matcher(sentence).find()) {
                    out.add(sentence);
                }
            }
        }
        return out;
    }

    /** The lines of {@code text} with list markers removed and wrapped lines joined. */
    private static List<String> joinWrappedLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\\R", -1)) {
            String line = LIST_MARKER.matcher(raw.strip()).replaceFirst("");
            boolean continues = !line.isEmpty() && current.length() > 0 && Character.isLowerCase(line.charAt(0))
                    && ".!?:".indexOf(current.charAt(current.length() - 1)) < 0;
            if (continues) {
                current.append(' ').append(line);
                continue;
            }
            if (current.length() > 0) {
                lines.add(current.toString());
                current.setLength(0);
            }
            current.append(line);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }

    /** Whether the sentence asks something: it ends with a question mark. */
    static boolean isQuestion(String sentence) {
        return sentence.stripTrailing().endsWith("?");
    }

    /** All the words of {@code text}, lower-cased, in order (repeats kept). */
    static List<String> allWords(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /**
     * The distinct content words of {@code text}: lower-cased, common words (the, what, my…) left out, a
     * plural {@code s} dropped so that "rose" and "roses" match.
     */
    static Set<String> contentWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : allWords(text)) {
            if (!STOP_WORDS.contains(word)) {
                words.add(word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
                        ? word.substring(0, word.length() - 1) : word);
            }
        }
        return words;
    }
}
