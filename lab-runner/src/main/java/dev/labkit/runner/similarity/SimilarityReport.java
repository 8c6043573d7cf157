package dev.labkit.runner.similarity;

import java.util.List;

/**
 * What a comparison found.
 *
 * @param language the source language compared ({@code "java"}, {@code "python"}, {@code "javascript"}), or
 *     {@code "none"} when no project has source files
 * @param jplagVersion the JPlag release that compared them, e.g. {@code "4.3.0"}
 * @param pairs the most similar pairs, most similar first (ties by student names); empty when fewer than two
 *     projects could be compared
 * @param leftOut the projects not compared, sorted by student
 * @param baseCodeUsed whether the base code (the scaffold) was subtracted
 */
public record SimilarityReport(String language, String jplagVersion, List<SimilarPair> pairs, List<LeftOut> leftOut,
        boolean baseCodeUsed) {

    public SimilarityReport {
        pairs = List.copyOf(pairs);
        leftOut = List.copyOf(leftOut);
    }
}
