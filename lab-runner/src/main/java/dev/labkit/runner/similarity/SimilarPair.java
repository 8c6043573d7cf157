package dev.labkit.runner.similarity;

import java.util.Objects;

/**
 * Two students whose projects JPlag found similar.
 *
 * @param first the student whose name sorts first ({@link String#compareTo})
 * @param second the other student; {@code first.compareTo(second) < 0}
 * @param similarity JPlag's average similarity, 0..1: the tokens the two projects share in matches of at least the
 *     minimum match length, over the tokens of both, base-code tokens left out of both: JPlag's AVG metric,
 *     {@code JPlagComparison.similarity()} (https://github.com/jplag/JPlag/wiki/1.-How-to-Use-JPlag)
 */
public record SimilarPair(String first, String second, double similarity) {

    public SimilarPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.compareTo(second) >= 0) {
            throw new IllegalArgumentException("first must sort before second: " + first + ", " + second);
        }
        if (!(similarity >= 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must lie in 0..1: " + similarity);
        }
    }
}
