package dev.labkit.checks.rag;

import dev.labkit.checks.sdk.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Retrieval quality over a question set: where the gold document ranks in the app's search results. */
final class Retrieval {

    static final int K = 4;
    /** The bar: the gold document among the top 4 for at least this share of the questions. */
    static final double RECALL_BAR = 0.85;

    private final List<String> misses = new ArrayList<>();
    private int questions;
    private int first;
    private int inTopK;
    private double reciprocalRanks;

    /** Searches every question and ranks its gold document. */
    static Retrieval measure(RagClient app, List<Question> set) {
        Retrieval retrieval = new Retrieval();
        for (Question question : set) {
            List<RagClient.Hit> hits = app.search(question.question(), K);
            int rank = 0;
            for (int i = 0; i < hits.size(); i++) {
                if (hits.get(i).documentId().equals(question.document())) {
                    rank = i + 1;
                    break;
                }
            }
            retrieval.add(question, rank, hits);
        }
        return retrieval;
    }

    private void add(Question question, int rank, List<RagClient.Hit> hits) {
        questions++;
        if (rank == 1) {
            first++;
        }
        if (rank >= 1 && rank <= K) {
            inTopK++;
            reciprocalRanks += 1.0 / rank;
        } else {
            misses.add(question.id() + " \"" + question.question() + "\" (gold: " + question.document() + ") got "
                    + hits.stream().map(RagClient.Hit::documentId).toList());
        }
    }

    double recallAt1() {
        return questions == 0 ? 0 : (double) first / questions;
    }

    double recallAtK() {
        return questions == 0 ? 0 : (double) inTopK / questions;
    }

    double meanReciprocalRank() {
        return questions == 0 ? 0 : reciprocalRanks / questions;
    }

    void record(Metrics metrics) {
        metrics.record("recall@1", round(recallAt1()));
        metrics.record("recall@4", round(recallAtK()));
        metrics.record("MRR", round(meanReciprocalRank()));
    }

    boolean meetsTheBar() {
        return recallAtK() >= RECALL_BAR;
    }

    String describe(String set) {
        return String.format(Locale.ROOT, "on the %s questions the gold document was among the top %d search "
                + "results for %d of %d (recall@4 %.2f; the bar is %.2f). Missed:%n  %s", set, K, inTopK, questions,
                recallAtK(), RECALL_BAR, String.join("\n  ", misses));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
