package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.checks.sdk.ModelRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab model answers when no script rule matched: a deterministic, extractive answer made
 * of the request's own sentences. An app that sends the right context gets a sensible answer.
 *
 * <ol>
 *   <li>The question is the last user message, up to a context block appended to it (langchain4j's
 *       "Answer using the following information:", or a blank line followed by more text).
 *   <li>Candidate sentences come from that context block, the system prompt and the earlier
 *       messages (split at . ! ? and line ends).
 *   <li>A sentence scores the number of distinct question words it contains (lower-cased, stop
 *       words left out).
 *   <li>The answer is the best sentence, plus the second best when it scores as much; ties go to
 *       the sentence seen first. No sentence scores: {@value #NO_ANSWER}
 *   <li>A request that asks for JSON ({@code format} in Ollama's API, {@code response_format} in
 *       OpenAI's) gets a JSON object: {@code {"answer": <answer>}}, or, for a JSON schema, every
 *       property filled by its type (strings with the answer, numbers 0, booleans false, arrays and
 *       objects empty).
 * </ol>
 */
final class DefaultResponder {

    static final String NO_ANSWER = "I don't know based on the information I was given.";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\R+");
    private static final String RAG_MARKER = "Answer using the following information:";
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does", "did", "for",
            "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on",
            "or", "our", "please", "should", "so", "that", "the", "their", "them", "then", "there", "these", "they",
            "this", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
            "would", "you", "your", "about", "tell", "again", "am", "any", "all");

    private DefaultResponder() {}

    /** The answer, shaped as the JSON the request asked for, if it asked for JSON. */
    static String reply(ModelRequest request) {
        String answer = answer(request);
        Optional<Map<?, ?>> schema = jsonSchema(request.format());
        if (schema.isEmpty()) {
            return answer;
        }
        ObjectNode json = Wire.object();
        Object properties = schema.get().get("properties");
        if (properties instanceof Map<?, ?> fields && !fields.isEmpty()) {
            fields.forEach((name, field) -> {
                Object type = field instanceof Map<?, ?> f ? f.get("type") : null;
                String key = String.valueOf(name);
                if ("number".equals(type) || "integer".equals(type)) {
                    json.put(key, 0);
                } else if ("boolean".equals(type)) {
                    json.put(key, false);
                } else if ("array".equals(type)) {
                    json.putArray(key);
                } else if ("object".equals(type)) {
                    json.putObject(key);
                } else {
                    json.put(key, answer);
                }
            });
        } else {
            json.put("answer", answer);
        }
        return json.toString();
    }

    /**
     * The schema a format asks for: empty for plain text, an empty schema for "any JSON object".
     * Ollama: {@code "json"} or a schema; OpenAI: {@code {"type": "json_object"}} or {@code
     * {"type": "json_schema", "json_schema": {"schema": {...}}}}.
     */
    private static Optional<Map<?, ?>> jsonSchema(Object format) {
        if ("json".equals(format)) {
            return Optional.of(Map.of());
        }
        if (!(format instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Object type = map.get("type");
        if ("json_object".equals(type)) {
            return Optional.of(Map.of());
        }
        if ("json_schema".equals(type)) {
            Object wrapper = map.get("json_schema");
            Object schema = wrapper instanceof Map<?, ?> w ? w.get("schema") : null;
            return Optional.of(schema instanceof Map<?, ?> s ? s : Map.of());
        }
        return "text".equals(type) ? Optional.empty() : Optional.of(map);
    }

    static String answer(ModelRequest request) {
        String lastUser = request.lastUserMessage();
        String question = lastUser;
        String context = "";
        int marker = lastUser.indexOf(RAG_MARKER);
        if (marker >= 0) {
            question = lastUser.substring(0, marker);
            context = lastUser.substring(marker + RAG_MARKER.length());
        } else {
            int blank = lastUser.indexOf("\n\n");
            if (blank >= 0) {
                question = lastUser.substring(0, blank);
                context = lastUser.substring(blank + 2);
            }
        }
        Set<String> questionWords = words(question);
        List<String> candidates = new ArrayList<>(sentences(context));
        // No user message (a system prompt alone): every message is a candidate. (indexOf(null) throws.)
        int lastUserIndex = request.lastUser().map(request.messages()::lastIndexOf).orElse(-1);
        for (int i = 0; i < request.messages().size(); i++) {
            if (i != lastUserIndex) {
                candidates.addAll(sentences(request.messages().get(i).content()));
            }
        }
        return best(questionWords, candidates);
    }

    private static String best(Set<String> questionWords, List<String> candidates) {
        int bestIndex = -1;
        int bestScore = 0;
        int secondIndex = -1;
        int secondScore = 0;
        for (int i = 0; i < candidates.size(); i++) {
            int score = overlap(questionWords, words(candidates.get(i)));
            if (score > bestScore) {
                secondIndex = bestIndex;
                secondScore = bestScore;
                bestIndex = i;
                bestScore = score;
            } else if (score > secondScore && !candidates.get(i).equals(candidates.get(bestIndex))) {
                secondIndex = i;
                secondScore = score;
            }
        }
        if (bestIndex < 0) {
            return NO_ANSWER;
        }
        if (secondIndex >= 0 && secondScore == bestScore) {
            int first = Math.min(bestIndex, secondIndex);
            int second = Math.max(bestIndex, secondIndex);
            return candidates.get(first) + " " + candidates.get(second);
        }
        return candidates.get(bestIndex);
    }

    private static int overlap(Set<String> question, Set<String> sentence) {
        int count = 0;
        for (String word : sentence) {
            if (question.contains(word)) {
                count++;
            }
        }
        return count;
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String part : SENTENCE_END.split(text)) {
            String sentence = part.strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
        }
        return out;
    }

    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = matcher.group();
            if (!STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return new HashSet<>(words);
    }
}
