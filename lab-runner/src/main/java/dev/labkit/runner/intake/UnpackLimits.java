package dev.labkit.runner.intake;

/**
 * Size limits of an unpacked or copied submission, counted on the bytes actually written (never on
 * the sizes an archive declares).
 *
 * @param maxBytes the most bytes of all files together
 * @param maxFiles the most entries (files, folders and links; for an archive, every entry it holds)
 * @param maxFileBytes the most bytes of any one file
 */
public record UnpackLimits(long maxBytes, int maxFiles, long maxFileBytes) {

    private static final long MB = 1024L * 1024L;

    /** 200 MB in all, 20 000 files, 50 MB per file. */
    public static final UnpackLimits DEFAULT = new UnpackLimits(200 * MB, 20_000, 50 * MB);

    public UnpackLimits {
        if (maxBytes <= 0 || maxFiles <= 0 || maxFileBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + maxFiles
                    + " files, " + maxFileBytes + " bytes per file");
        }
    }
}
