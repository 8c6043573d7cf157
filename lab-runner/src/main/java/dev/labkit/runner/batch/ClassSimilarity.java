package dev.labkit.runner.batch;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.intake.Submission;
import dev.labkit.runner.intake.SubmissionRejected;
import dev.labkit.runner.intake.SubmissionUnpacker;
import dev.labkit.runner.intake.UnpackLimits;
import dev.labkit.runner.similarity.SimilarPair;
import dev.labkit.runner.similarity.SimilarityDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code lab grade --similarity}: the class's most similar pairs of submissions ({@link SimilarityDetector},
 * JPlag), the lab's scaffold as base code so that shared starter code does not count; into the gradebook
 * ({@code similarPairs} of gradebook.json) and the class index. Rejected submissions are left out.
 */
public final class ClassSimilarity {

    /** How many pairs are kept, most similar first. */
    public static final int TOP = 20;

    private ClassSimilarity() {}

    /**
     * Unpacks each submission of {@code submissions} that has a graded row into a temporary folder, compares them
     * and returns the pairs (also set on {@code gradebook}); {@code notices} gets a line per project left out.
     */
    public static List<Gradebook.Pair> compare(List<Submission> submissions, Gradebook gradebook, Optional<Path> scaffold,
            Consumer<String> notices) {
        Map<String, Row> rows = new TreeMap<>();
        gradebook.rows().forEach(row -> rows.put(row.student(), row));
        Path work;
        try {
            work = Files.createTempDirectory("labkit-similarity-");
        } catch (IOException e) {
            throw LabException.of("cannot create a temporary folder (" + FileTrees.reason(e) + "): free some disk space",
                    e);
        }
        try {
            Map<String, Path> projects = new TreeMap<>();
            for (Submission submission : submissions) {
                Row row = rows.get(submission.student());
                if (row == null || row.isError() || Row.REJECTED.equals(row.status())) {
                    continue;
                }
                try {
                    projects.put(submission.student(), new SubmissionUnpacker(UnpackLimits.DEFAULT)
                            .materialize(submission, work.resolve("projects").resolve(submission.student())));
                } catch (SubmissionRejected | IOException e) {
                    // Graded a moment ago; gone or changed since: left out of the comparison.
                }
            }
            List<SimilarPair> found = new SimilarityDetector(notices).compare(projects, scaffold, TOP,
                    work.resolve("jplag"));
            List<Gradebook.Pair> pairs = found.stream()
                    .map(pair -> new Gradebook.Pair(pair.first(), pair.second(), pair.similarity())).toList();
            gradebook.similarPairs(pairs);
            return pairs;
        } catch (IOException e) {
            throw LabException.of("cannot compare the submissions (" + FileTrees.reason(e) + ")", e);
        } finally {
            FileTrees.delete(work);
        }
    }
}
