package dev.labkit.runner.similarity;

/**
 * A project that was not compared, and why.
 *
 * @param student the student, as named in the map given to {@link SimilarityDetector#compare}
 * @param reason one line: e.g. {@code "JPlag cannot parse its .java files (Main.java:3: ';' expected)"} or
 *     {@code "it has no .java files"}
 */
public record LeftOut(String student, String reason) {

    /** The line shown to the instructor: {@code "similarity: <student> left out: <reason>"}. */
    public String line() {
        return "similarity: " + student + " left out: " + reason;
    }
}
