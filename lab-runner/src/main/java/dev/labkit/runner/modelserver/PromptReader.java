package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.runner.modelserver.Passage.Speaker;
import dev.labkit.runner.modelserver.PromptSections.Kind;
import dev.labkit.runner.modelserver.PromptSections.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the question and the sentences that may answer it in a chat request, whatever prompt layout
 * the app used (see {@link PromptSections} for the markers and docs/lab-model.md for the rules).
 *
 * <ul>
 *   <li>The question comes from the last user message: its labelled question ({@code Question:}, {@code
 *       Query:}), else its last {@code Human:}/{@code User:} turn, else its own words: the last sentence
 *       that ends with "?" (in the first paragraph when that one asks something, so that context after a
 *       question never replaces it), or, when nothing ends with "?", its first paragraph.
 *   <li>The other sentences of that message, the system prompt and the earlier messages are the
 *       passages. Template boilerplate outside the marked context is left out ({@link Boilerplate}),
 *       and so are answer slots ({@code Answer:}) and questions.
 * </ul>
 */
final class PromptReader {

    private static final Map<Kind, Speaker> TURN_SPEAKERS = Map.of(
            Kind.USER_TURN, Speaker.USER, Kind.ASSISTANT_TURN, Speaker.ASSISTANT, Kind.SYSTEM_TURN, Speaker.SYSTEM);

    /** A metadata line as LlamaIndex and langchain4j write them before or after a segment. */
    private static final Pattern METADATA = Pattern.compile("[\\p{Ll}\\p{N}]+(?:_[\\p{Ll}\\p{N}]+)+:\\s*\\S*");
    private static final Set<String> SMALL_TALK = Set.of("hello", "hi", "hey", "hiya", "thank", "thanks", "nice",
            "meet", "welcome", "great", "ok", "okay", "sure", "glad", "pleasure", "bye", "goodbye", "good", "morning",
            "afternoon", "evening", "cheer", "sorry", "too", "there", "see", "soon", "yes", "no", "well", "oh",
            "wow", "cool", "fine", "lovely", "happy", "help", "can", "today", "how");

    private PromptReader() {}

    static Prompt read(ModelRequest request) {
        List<Message> messages = request.messages();
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).isUser()) {
                lastUser = i;
            }
        }
        List<Passage> passages = new ArrayList<>();
        String question = "";
        String systemQuestion = "";
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String text = message.content();
            if (i == lastUser) {
                question = readQuestion(text, passages);
            } else if (message.isUser()) {
                readSections(PromptSections.of(text), Speaker.USER, passages);
            } else if (message.isSystem() || "developer".equals(message.role())) {
                List<Section> sections = PromptSections.of(text);
                systemQuestion = lastOf(sections, Kind.QUESTION).map(Section::text).orElse(systemQuestion);
                readSections(sections, Speaker.SYSTEM, passages);
            } else if (message.isAssistant()) {
                add(Sentences.of(text), Speaker.ASSISTANT, false, passages);
            } else {
                add(Sentences.of(text), Speaker.CONTEXT, false, passages); // tool results
            }
        }
        return new Prompt(oneLine(question.isBlank() ? systemQuestion : question), passages);
    }

    /** Reads the last user message: returns its question and adds the rest to {@code passages}. */
    private static String readQuestion(String text, List<Passage> passages) {
        List<Section> sections = PromptSections.of(text);
        var labelled = lastOf(sections, Kind.QUESTION);
        if (labelled.isPresent()) {
            readSections(sections, Speaker.CONTEXT, passages);
            return labelled.get().text();
        }
        var turn = lastOf(sections, Kind.USER_TURN);
        if (turn.isPresent()) {
            readSections(sections.stream().filter(s -> s != turn.get()).toList(), Speaker.CONTEXT, passages);
            return turn.get().text();
        }
        // The user's own words: the prose is split into paragraphs of sentences that are not boilerplate.
        boolean templated = sections.stream().anyMatch(s -> s.kind() == Kind.CONTEXT);
        List<List<String>> paragraphs = new ArrayList<>();
        for (Section section : sections) {
            if (section.kind() == Kind.PROSE) {
                for (String paragraph : section.text().split("\\n\\s*\\n")) {
                    List<String> sentences = Sentences.of(paragraph).stream()
                            .filter(s -> !Boilerplate.isBoilerplate(s)).toList();
                    if (!sentences.isEmpty()) {
                        paragraphs.add(sentences);
                    }
                }
            }
        }
        String question = "";
        if (!paragraphs.isEmpty()) {
            List<String> asking = paragraphs.get(0).stream().anyMatch(Sentences::isQuestion)
                    ? paragraphs.get(0) : paragraphs.stream().flatMap(List::stream).toList();
            question = asking.stream().filter(Sentences::isQuestion).reduce((first, second) -> second)
                    .orElse(String.join(" ", paragraphs.get(0)));
        }
        Speaker speaker = templated ? Speaker.CONTEXT : Speaker.USER;
        for (List<String> paragraph : paragraphs) {
            for (String sentence : paragraph) {
                if (!question.equals(sentence) && !question.equals(String.join(" ", paragraph))
                        && canAnswer(sentence)) {
                    passages.add(new Passage(sentence, speaker));
                }
            }
        }
        readSections(sections.stream().filter(s -> s.kind() != Kind.PROSE).toList(), Speaker.CONTEXT, passages);
        return question;
    }

    /**
     * Adds the sentences of each part: context as written, turns as their speaker's, prose as {@code
     * prose}'s without boilerplate. Questions and answer slots are left out.
     */
    private static void readSections(List<Section> sections, Speaker prose, List<Passage> passages) {
        for (Section section : sections) {
            List<String> sentences = Sentences.of(section.text());
            switch (section.kind()) {
                case CONTEXT -> add(sentences, Speaker.CONTEXT, false, passages);
                case PROSE -> add(sentences, prose, true, passages);
                case USER_TURN, ASSISTANT_TURN, SYSTEM_TURN ->
                        add(sentences, TURN_SPEAKERS.get(section.kind()), section.kind() == Kind.SYSTEM_TURN, passages);
                default -> { } // questions, answer slots and instructions are never an answer
            }
        }
    }

    private static void add(List<String> sentences, Speaker speaker, boolean dropBoilerplate, List<Passage> passages) {
        for (String sentence : sentences) {
            if (canAnswer(sentence) && !(dropBoilerplate && Boilerplate.isBoilerplate(sentence))) {
                passages.add(new Passage(sentence, speaker));
            }
        }
    }

    /**
     * Whether a sentence could answer anything: not a question, not a heading that introduces what
     * follows ("Some rules to follow:"), not a document's metadata line ("file_path: data/roses.txt"), not
     * small talk ("Hello!", "Nice to meet you."), not the lab model's own "I don't know".
     */
    static boolean canAnswer(String sentence) {
        return !Sentences.isQuestion(sentence) && !sentence.endsWith(":") && !METADATA.matcher(sentence).matches()
                && !SMALL_TALK.containsAll(Sentences.contentWords(sentence))
                && !sentence.equals(DefaultResponder.NO_ANSWER);
    }

    private static Optional<Section> lastOf(List<Section> sections, Kind kind) {
        Section last = null;
        for (Section section : sections) {
            if (section.kind() == kind && !section.text().isBlank()) {
                last = section;
            }
        }
        return Optional.ofNullable(last);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
