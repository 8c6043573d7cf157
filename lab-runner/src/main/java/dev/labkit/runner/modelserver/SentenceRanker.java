package dev.labkit.runner.modelserver;

import dev.labkit.runner.modelserver.Perspective.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Picks the passages that answer a question, by meaning and by words:
 *
 * <pre>
 * score = cosine(question, passage)                  all-MiniLM-L6-v2 vectors, -1..1
 *       + {@value #WORD_WEIGHT} x shared words           share of the question's content words in the passage
 *       + {@value #PERSON_WEIGHT} when the passage is about whom the question asks ("my name": the user's
 *         "I am Ana"; "who are you": the system prompt's "You are Sprout"), minus as much when it is
 *         about the other one
 * </pre>
 *
 * The best passage answers when it scores at least {@value #THRESHOLD}; the runner-up joins it when it
 * scores within {@value #RUNNER_UP_MARGIN} of it. Equal scores go to the passage seen first. When the
 * embedding model cannot run here, the score is the share of words alone: the passage sharing most
 * words answers (with the runner-up on a tie), and none when no passage shares a word.
 */
final class SentenceRanker {

    static final double THRESHOLD = 0.38;
    static final double WORD_WEIGHT = 0.5;
    static final double PERSON_WEIGHT = 0.2;
    static final double RUNNER_UP_MARGIN = 0.02;
    /** Passages beyond this many are ranked by shared words alone first, and only the best are embedded. */
    static final int MAX_EMBEDDED = 200;

    private final SentenceVectors vectors;

    SentenceRanker(SentenceVectors vectors) {
        this.vectors = vectors;
    }

    /** One passage's scores, for {@link #scores} (used by tests and to explain a choice). */
    record Scored(Passage passage, double cosine, double sharedWords, double person, double score) {}

    /** The passages that answer the prompt's question, in the order seen; empty when none does. */
    List<Passage> answer(Prompt prompt) {
        Optional<List<Scored>> scored = scores(prompt);
        if (scored.isEmpty() || scored.get().isEmpty()) {
            return List.of();
        }
        List<Scored> ranked = new ArrayList<>(scored.get());
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed()); // stable: ties keep the order seen
        Scored best = ranked.get(0);
        boolean semantic = !Double.isNaN(best.cosine());
        if (semantic ? best.score() < THRESHOLD : best.sharedWords() == 0) {
            return List.of();
        }
        if (ranked.size() > 1) {
            Scored second = ranked.get(1);
            boolean close = semantic ? second.score() >= best.score() - RUNNER_UP_MARGIN
                    && second.score() >= THRESHOLD : second.score() == best.score();
            if (close) {
                return scored.get().stream().filter(s -> s == best || s == second).map(Scored::passage).toList();
            }
        }
        return List.of(best.passage());
    }

    /**
     * Every distinct passage with its scores, in the order seen; an empty optional when the question is
     * blank. The cosine is NaN when the embedding model cannot run here.
     */
    Optional<List<Scored>> scores(Prompt prompt) {
        String question = prompt.question();
        if (question.isBlank()) {
            return Optional.empty();
        }
        Set<String> questionWords = Sentences.contentWords(question);
        Set<Person> asked = Perspective.asked(question);
        List<Passage> passages = candidates(prompt.passages(), questionWords);
        List<String> texts = new ArrayList<>();
        texts.add(question);
        passages.forEach(p -> texts.add(p.text()));
        Optional<List<float[]>> embedded = vectors.of(texts);
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            Passage passage = passages.get(i);
            double shared = shared(questionWords, passage.text());
            if (embedded.isEmpty()) {
                scored.add(new Scored(passage, Double.NaN, shared, 0, shared)); // shared words alone
                continue;
            }
            double cosine = dot(embedded.get().get(0), embedded.get().get(i + 1));
            double person = person(asked, Perspective.about(passage));
            scored.add(new Scored(passage, cosine, shared, person, cosine + WORD_WEIGHT * shared + person));
        }
        return Optional.of(scored);
    }

    /** The distinct passages, at most {@value #MAX_EMBEDDED}: those sharing most words when there are more. */
    private static List<Passage> candidates(List<Passage> passages, Set<String> questionWords) {
        List<Passage> distinct = List.copyOf(new LinkedHashSet<>(passages));
        if (distinct.size() <= MAX_EMBEDDED) {
            return distinct;
        }
        double[] shared = distinct.stream().mapToDouble(p -> shared(questionWords, p.text())).toArray();
        Set<Integer> kept = new TreeSet<>(IntStream.range(0, distinct.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> shared[i]).reversed())
                .limit(MAX_EMBEDDED).toList());
        return kept.stream().map(distinct::get).toList();
    }

    private static double shared(Set<String> questionWords, String text) {
        if (questionWords.isEmpty()) {
            return 0;
        }
        Set<String> words = Sentences.contentWords(text);
        return questionWords.stream().filter(words::contains).count() / (double) questionWords.size();
    }

    private static double person(Set<Person> asked, Set<Person> about) {
        if (asked.isEmpty() || about.isEmpty()) {
            return 0;
        }
        return about.stream().anyMatch(asked::contains) ? PERSON_WEIGHT : -PERSON_WEIGHT;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
