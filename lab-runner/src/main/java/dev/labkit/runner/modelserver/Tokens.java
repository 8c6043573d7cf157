package dev.labkit.runner.modelserver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab model's token: a word with the white space around it. Every count the lab model reports
 * ({@code prompt_eval_count}, {@code eval_count}, usage), every limit it applies ({@code num_predict},
 * {@code max_tokens}, an embedding model's context length) and every streamed chunk of a default
 * answer uses this one unit, so that they agree with each other. Real tokenizers cut words into
 * smaller pieces; only the unit differs, not the behaviour.
 */
final class Tokens {

    /** A word and the white space after it (the first one also takes the white space before it). */
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+\\s*");

    /** Stand-in token ids (see {@link #ids}) stay below this, like a small vocabulary. */
    private static final int VOCABULARY = 32_000;

    private Tokens() {}

    /** The tokens of {@code text}, in order; joined they give {@code text} back. A blank text has none. */
    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    /** How many tokens {@code text} has (0 for a blank text). */
    static int count(String text) {
        return split(text).size();
    }

    /** The first {@code limit} tokens of {@code text}, trailing white space removed; all of it when it is shorter. */
    static String first(String text, int limit) {
        List<String> tokens = split(text);
        return tokens.size() <= limit ? text : String.join("", tokens.subList(0, limit)).stripTrailing();
    }

    /**
     * One id per token, for Ollama's {@code context} field: stand-ins (a hash of the word), stable
     * from run to run. Only their number means something; the lab model does not read them back.
     */
    static List<Integer> ids(String text) {
        return split(text).stream().map(token -> Math.floorMod(token.strip().hashCode(), VOCABULARY)).toList();
    }
}
