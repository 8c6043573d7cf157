package dev.labkit.runner.modelserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message's text cut into the parts prompt templates are made of: the question, the context
 * (retrieved documents, memory), conversation turns written into the text, the answer slot, and
 * prose (instructions or the user's own words, told apart later).
 *
 * <p>Parts are found by their markers, which the common templates share:
 *
 * <ul>
 *   <li>a label at the start of a line, {@code Label: text}, also as a Markdown heading or in bold:
 *       {@code Question:}, {@code Query:} (question); {@code Context:}, {@code Documents:},
 *       {@code Answer using the following information:}, {@code MEMORY:} (context); {@code Answer:}
 *       (the slot the model fills: never content); {@code Human:}, {@code USER:}, {@code AI:},
 *       {@code ASSISTANT:} (turns); {@code Rules:}, {@code Instructions:} (instructions). A label is
 *       known by its last word, so "Context information:" and "Helpful Answer:" are labels too;
 *   <li>a block between two identical lines of three or more dashes ({@code ---------------------},
 *       as LlamaIndex and Spring AI write it), which is context. A lone dash line only separates;
 *   <li>a tag such as {@code <context>…</context>} or {@code <question>…</question>}.
 * </ul>
 *
 * A question part ends at a blank line; the other parts run to the next marker.
 */
final class PromptSections {

    enum Kind { PROSE, QUESTION, CONTEXT, ANSWER, INSTRUCTIONS, USER_TURN, ASSISTANT_TURN, SYSTEM_TURN }

    /** One part: its kind and its text (lines joined with line ends; blank lines kept). */
    record Section(Kind kind, String text) {}

    private static final Pattern LABEL = Pattern.compile(
            "^\\s*(?:#{1,6}\\s*)?(?:\\*\\*|__)?([\\p{L}][\\p{L}\\p{N} _'’/&-]{0,60}?)(?:\\*\\*|__)?\\s*:(?:\\*\\*|__)?\\s*(.*)$");
    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s*([\\p{L}][\\p{L}\\p{N} _'’/&-]{0,60}?)\\s*$");
    private static final Pattern DELIMITER = Pattern.compile("^\\s*(-{3,}|={3,}|_{3,}|\\*{3,}|~{3,})\\s*$");
    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z_]+)(?:\\s[^<>]*)?>");
    private static final int MAX_LABEL_WORDS = 6;

    private static final Map<Kind, Set<String>> LAST_WORDS = Map.of(
            Kind.QUESTION, Set.of("question", "query", "input", "request", "q"),
            Kind.CONTEXT, Set.of("context", "contexts", "document", "documents", "docs", "information", "info",
                    "source", "sources", "passage", "passages", "excerpt", "excerpts", "snippet", "snippets", "chunk",
                    "chunks", "background", "knowledge", "facts", "references", "memory", "history", "results",
                    "content"),
            Kind.ANSWER, Set.of("answer", "response", "reply", "completion", "output"),
            Kind.INSTRUCTIONS, Set.of("instructions", "instruction", "rules", "guidelines", "requirements",
                    "constraints", "task", "format", "steps"));
    private static final Map<String, Kind> TURNS = Map.of(
            "user", Kind.USER_TURN, "human", Kind.USER_TURN,
            "assistant", Kind.ASSISTANT_TURN, "ai", Kind.ASSISTANT_TURN, "bot", Kind.ASSISTANT_TURN,
            "system", Kind.SYSTEM_TURN);

    private PromptSections() {}

    static List<Section> of(String message) {
        return new Reader(lines(message)).read();
    }

    /** The message's lines, with the tags this class knows put on lines of their own. */
    private static List<String> lines(String message) {
        Matcher tags = TAG.matcher(message);
        StringBuilder text = new StringBuilder();
        while (tags.find()) {
            boolean known = kindOf(tags.group(2).replace('_', ' ')).isPresent();
            tags.appendReplacement(text, Matcher.quoteReplacement(known ? "\n" + tags.group() + "\n" : tags.group()));
        }
        tags.appendTail(text);
        return Arrays.asList(text.toString().split("\\R", -1));
    }

    /** The kind a label names (its words, lower-cased), if it is one this class knows. */
    static Optional<Kind> kindOf(String label) {
        List<String> words = Arrays.stream(label.toLowerCase(Locale.ROOT).replace('’', '\'').split("[\\s_/&-]+"))
                .filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty() || words.size() > MAX_LABEL_WORDS) {
            return Optional.empty();
        }
        if (words.size() == 1 && TURNS.containsKey(words.get(0))) {
            return Optional.of(TURNS.get(words.get(0)));
        }
        String last = words.get(words.size() - 1);
        return LAST_WORDS.entrySet().stream().filter(e -> e.getValue().contains(last)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Reads the lines once, front to back. */
    private static final class Reader {
        private final List<String> lines;
        private final List<Section> sections = new ArrayList<>();
        private Kind kind = Kind.PROSE;
        private final StringBuilder text = new StringBuilder();

        Reader(List<String> lines) {
            this.lines = lines;
        }

        List<Section> read() {
            int blockEnd = -1;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (i == blockEnd) {
                    start(Kind.PROSE);
                    blockEnd = -1;
                } else if (blockEnd > i) {
                    readInsideBlock(line);
                } else if (DELIMITER.matcher(line).matches()) {
                    blockEnd = closingDelimiter(i);
                    if (blockEnd > i) {
                        start(Kind.CONTEXT);
                    } else if (kind != Kind.CONTEXT) {
                        append(""); // a lone separator: a paragraph break
                    }
                } else if (!readMarker(line)) {
                    if (line.isBlank() && kind == Kind.QUESTION && !text.toString().isBlank()) {
                        start(Kind.PROSE);
                    }
                    append(line);
                }
            }
            start(Kind.PROSE);
            return sections;
        }

        /** The index of the line that closes the block opened at {@code open}, or -1. */
        private int closingDelimiter(int open) {
            String delimiter = lines.get(open).strip();
            for (int i = open + 1; i < lines.size(); i++) {
                if (lines.get(i).strip().equals(delimiter)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Inside a dash-delimited block everything is context: turns ("USER:Hi") keep their speaker, other
         * labels ("MEMORY:", "content:") only start a new piece of context.
         */
        private void readInsideBlock(String line) {
            Matcher label = LABEL.matcher(line);
            Optional<Kind> named = label.matches() ? kindOf(label.group(1)) : Optional.empty();
            if (named.isPresent()) {
                start(TURNS.containsValue(named.get()) ? named.get() : Kind.CONTEXT);
                append(label.group(2));
            } else {
                if (kind != Kind.CONTEXT && !TURNS.containsValue(kind)) {
                    start(Kind.CONTEXT);
                }
                append(line);
            }
        }

        /** Reads a label, heading or tag line; false when the line is none of these. */
        private boolean readMarker(String line) {
            Matcher tag = TAG.matcher(line.strip());
            if (tag.matches()) {
                Optional<Kind> named = kindOf(tag.group(2).replace('_', ' '));
                if (named.isPresent()) {
                    start(tag.group(1).isEmpty() ? named.get() : Kind.PROSE);
                    return true;
                }
            }
            Matcher label = LABEL.matcher(line);
            Matcher heading = HEADING.matcher(line);
            Matcher marker = label.matches() ? label : heading.matches() ? heading : null;
            Optional<Kind> named = marker == null ? Optional.empty() : kindOf(marker.group(1));
            if (named.isPresent()) {
                start(named.get());
                if (marker == label) {
                    append(label.group(2));
                }
                return true;
            }
            return false;
        }

        private void start(Kind next) {
            if (!text.toString().isBlank()) {
                sections.add(new Section(kind, text.toString().strip()));
            }
            text.setLength(0);
            kind = next;
        }

        private void append(String line) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line);
        }
    }
}
