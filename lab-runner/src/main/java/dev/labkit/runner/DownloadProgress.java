package dev.labkit.runner;

import java.util.Locale;

/** One line of download progress, the same for models and images: {@code name  45%  180.0/397.8 MB  12.3 MB/s}. */
public final class DownloadProgress {

    private DownloadProgress() {}

    public static String line(String name, long completed, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        return String.format(Locale.ROOT, "%s  %3d%%  %.1f/%.1f MB  %.1f MB/s", name, completed * 100 / total,
                completed / 1e6, total / 1e6, completed / 1e6 / seconds);
    }
}
