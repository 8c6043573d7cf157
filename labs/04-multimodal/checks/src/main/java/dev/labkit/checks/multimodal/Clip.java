package dev.labkit.checks.multimodal;

/** Texts shortened for one line of a message. */
final class Clip {

    static final int LENGTH = 120;

    private Clip() {}

    /** {@code text} on one line (new lines written {@code \n}), cut at {@value #LENGTH} characters. */
    static String clip(String text) {
        String line = text.replace("\n", "\\n");
        return line.length() <= LENGTH ? line : line.substring(0, LENGTH) + "… (" + text.length() + " chars)";
    }

    /** {@code text} with every run of whitespace made one space, and none at either end. */
    static String normalised(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
