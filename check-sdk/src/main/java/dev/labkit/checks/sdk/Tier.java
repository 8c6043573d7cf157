package dev.labkit.checks.sdk;

/** How a check gets its model (contract, live) or drives the app (browser), and so when it runs. */
public enum Tier {
    /** Scripted lab model: deterministic, always runs, counts toward the score. */
    CONTRACT,
    /** A real model: runs only when one is available; skipped otherwise, never lowering a score. */
    LIVE,
    /**
     * A real browser drives the app's page: runs only where a browser is found ({@link
     * LabEnvironment#browserUnavailable()}); skipped otherwise with the reason and what to install, never lowering a
     * score. Such a check takes a {@link Browser} parameter.
     */
    BROWSER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
