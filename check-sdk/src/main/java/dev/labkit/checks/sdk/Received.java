package dev.labkit.checks.sdk;

/**
 * What an app sent, as failure messages show it when it could not be read (not JSON, not
 * server-sent events): its first {@value #PREVIEW} characters, with line ends, tabs and other
 * invisible characters written out as in a Java string literal ({@code \n}, {@code \r}, {@code \t}, a
 * backslash doubled, and a backslash, {@code u} and four hex digits for the others), so that
 * the learner sees the bytes a parser saw, e.g. {@code data: {"delta":"Water "}\ndata: ...}.
 */
public final class Received {

    /** How many characters of an answer a message shows. */
    public static final int PREVIEW = 200;

    private Received() {}

    /**
     * The start of {@code text}, escaped, followed by {@code … (N characters in all)} when cut;
     * {@code (nothing)} for an empty or null text.
     */
    public static String preview(String text) {
        if (text == null || text.isEmpty()) {
            return "(nothing)";
        }
        int end = text.offsetByCodePoints(0, Math.min(PREVIEW, text.codePointCount(0, text.length())));
        String shown = escape(text.substring(0, end));
        return end == text.length() ? shown : shown + "… (" + text.length() + " characters in all)";
    }

    /** {@code text} with line ends, tabs and invisible characters written as escapes; the rest unchanged. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\"); // so that a written-out line end cannot be mistaken for one
                default -> {
                    if (visible(c)) {
                        out.appendCodePoint(c);
                    } else {
                        out.append(String.format("\\u%04X", c));
                    }
                }
            }
        });
        return out.toString();
    }

    /** Printable: not a control, format (e.g. a byte order mark), unassigned, private or lone surrogate character. */
    private static boolean visible(int c) {
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }
}
