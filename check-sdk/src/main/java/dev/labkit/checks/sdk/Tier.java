package dev.labkit.checks.sdk;

/** How a check gets its model. */
public enum Tier {
    /** Scripted lab model: deterministic, always runs, counts toward the score. */
    CONTRACT,
    /** A real model: runs only when one is available; skipped otherwise, never lowering a score. */
    LIVE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
