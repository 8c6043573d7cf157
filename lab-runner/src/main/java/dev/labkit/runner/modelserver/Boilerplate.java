package dev.labkit.runner.modelserver;

import java.util.List;
import java.util.Set;

/**
 * Tells template boilerplate from content: sentences in which a prompt talks about itself ("Use the
 * following pieces of retrieved context to answer the question.", "Context information is below.",
 * "If you don't know the answer, just say that you don't know."). They are instructions to the model,
 * never an answer.
 *
 * <p>A sentence is boilerplate when it names at least two parts of a prompt (context, documents,
 * question, query, answer, knowledge, the following…), or one and it starts the way instructions start
 * (use, answer, given, if, always, never, avoid, keep…). A sentence that asks something is never
 * boilerplate: it may be the user's question. This is only applied outside the context a template
 * marks, so a document about answering the phone stays a document.
 */
final class Boilerplate {

    private static final Set<String> PROMPT_PARTS = Set.of(
            "context", "contexts", "information", "info", "document", "documents", "passage", "passages", "source",
            "sources", "excerpt", "excerpts", "snippet", "snippets", "chunk", "chunks", "query", "queries",
            "question", "questions", "answer", "answers", "answering", "knowledge", "retrieved", "provided",
            "below", "above", "following", "section", "memory", "history", "prior", "rules", "instructions",
            "user", "response", "responses", "reply");
    private static final Set<String> INSTRUCTION_STARTS = Set.of(
            "use", "using", "answer", "given", "if", "always", "never", "avoid", "keep", "do", "don't", "dont",
            "only", "please", "be", "reply", "respond", "follow", "based", "according", "cite", "include", "return",
            "provide", "write", "make", "try", "say", "refer", "consider", "ignore", "here", "you'll", "your");

    private Boilerplate() {}

    static boolean isBoilerplate(String sentence) {
        if (Sentences.isQuestion(sentence)) {
            return false;
        }
        List<String> words = Sentences.allWords(sentence);
        long parts = words.stream().distinct().filter(PROMPT_PARTS::contains).count();
        boolean instructs = !words.isEmpty() && INSTRUCTION_STARTS.contains(words.get(0));
        return parts >= 2 || (parts == 1 && instructs);
    }
}
