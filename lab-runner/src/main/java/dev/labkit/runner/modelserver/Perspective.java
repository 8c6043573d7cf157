package dev.labkit.runner.modelserver;

import dev.labkit.runner.modelserver.Passage.Speaker;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a sentence is about (the user or the model), and the sentence said back by the model: the
 * user's "I am Ana" becomes "You are Ana", the system prompt's "You are Sprout" becomes "I am Sprout".
 */
final class Perspective {

    /** The two people of a chat. */
    enum Person { USER, MODEL }

    private static final Set<String> FIRST = Set.of("i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd");
    private static final Set<String> SECOND = Set.of(
            "you", "your", "yours", "yourself", "you're", "you've", "you'll", "you'd");
    private static final Map<String, String> SWAPS = Map.ofEntries(
            Map.entry("i", "you"), Map.entry("me", "you"), Map.entry("my", "your"), Map.entry("mine", "yours"),
            Map.entry("myself", "yourself"), Map.entry("i'm", "you're"), Map.entry("i've", "you've"),
            Map.entry("i'll", "you'll"), Map.entry("i'd", "you'd"), Map.entry("your", "my"),
            Map.entry("yours", "mine"), Map.entry("yourself", "myself"), Map.entry("you're", "I'm"),
            Map.entry("you've", "I've"), Map.entry("you'll", "I'll"), Map.entry("you'd", "I'd"));
    /** After these, "you" is a subject ("I"); elsewhere an object ("me"). */
    private static final Set<String> BEFORE_SUBJECT = Set.of(
            "", "and", "but", "or", "so", "when", "if", "because", "that", "as", "while", "where", "unless", "until",
            "since", "though", "although", "then", ",", ";", ":", "–", "—");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}]+(?:['’][\\p{L}]+)?|[,;:–—]");
    private static final Pattern GREETING = Pattern.compile(
            "^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?: there)?\\s*[,!.]+\\s+(?=\\S)",
            Pattern.CASE_INSENSITIVE);

    private Perspective() {}

    /**
     * Whom the user's question is about: the model when it says "you" more often than "I/me/my", the user
     * when the other way round, both on a tie, neither without such words.
     */
    static Set<Person> asked(String question) {
        return about(question, Person.USER, Person.MODEL);
    }

    /** Whom a passage is about, from its pronouns and who wrote it; context is about neither. */
    static Set<Person> about(Passage passage) {
        return switch (passage.speaker()) {
            case USER -> about(passage.text(), Person.USER, Person.MODEL);
            case SYSTEM -> about(passage.text(), null, Person.MODEL);
            case ASSISTANT -> about(passage.text(), Person.MODEL, Person.USER);
            case CONTEXT -> EnumSet.noneOf(Person.class);
        };
    }

    private static Set<Person> about(String text, Person first, Person second) {
        long firsts = 0;
        long seconds = 0;
        for (String word : Sentences.allWords(text)) {
            firsts += FIRST.contains(word) ? 1 : 0;
            seconds += SECOND.contains(word) ? 1 : 0;
        }
        Set<Person> about = EnumSet.noneOf(Person.class);
        if (first != null && firsts > 0 && firsts >= seconds) {
            about.add(first);
        }
        if (second != null && seconds > 0 && (seconds >= firsts || first == null)) {
            about.add(second);
        }
        return about;
    }

    /** The passage as the model says it to the user. */
    static String spoken(Passage passage) {
        return switch (passage.speaker()) {
            case USER -> capitalised(swapped(GREETING.matcher(passage.text()).replaceFirst("")));
            case SYSTEM -> swapped(passage.text());
            case ASSISTANT, CONTEXT -> passage.text();
        };
    }

    /** {@code text} with I and you swapped: "you are" becomes "I am", "I am" becomes "you are". */
    static String swapped(String text) {
        Matcher tokens = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        String previous = "";
        String previousOriginal = "";
        int at = 0;
        while (tokens.find()) {
            String token = tokens.group();
            String word = token.toLowerCase(Locale.ROOT).replace('’', '\'');
            String replacement = switch (word) {
                case "you" -> previous.equals("thank") ? token : BEFORE_SUBJECT.contains(previous) ? "I" : "me";
                case "am" -> previousOriginal.equals("i") ? "are" : token;
                case "are" -> previousOriginal.equals("you") && previous.equals("i") ? "am" : token;
                case "was" -> previousOriginal.equals("i") ? "were" : token;
                case "were" -> previousOriginal.equals("you") && previous.equals("i") ? "was" : token;
                default -> SWAPS.getOrDefault(word, token);
            };
            out.append(text, at, tokens.start()).append(cased(replacement, token, tokens.start() == firstLetter(text)));
            at = tokens.end();
            previousOriginal = word;
            previous = replacement.toLowerCase(Locale.ROOT);
        }
        return out.append(text.substring(at)).toString();
    }

    /** The replacement in the token's case: "I" always capital, a capital first letter kept. */
    private static String cased(String replacement, String token, boolean sentenceStart) {
        if (replacement.equals(token)) {
            return token;
        }
        if (replacement.equals("I") || replacement.startsWith("I'")) {
            return replacement;
        }
        boolean capital = Character.isUpperCase(token.charAt(0)) && (sentenceStart || !token.equals("I"));
        return capital ? capitalised(replacement) : replacement;
    }

    private static int firstLetter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
