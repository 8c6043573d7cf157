package dev.labkit.checks.sdk;

/**
 * Model names the lab model always serves, besides the lab's own. A check restarts the app with
 * one of them in {@code LAB_CHAT_MODEL} or {@code LAB_EMBEDDING_MODEL} (see {@link
 * AppControl#restart(java.util.Map)}) to tell an app that reads its model's name from the
 * environment from one that hard-codes the lab's. Script the replies such a check needs: with a
 * real model behind the lab model, an unscripted request for these names finds no such model.
 */
public final class CheckModels {

    /** A chat model name no lab uses. */
    public static final String CHAT = "labkit-check-chat:latest";

    /** An embedding model name no lab uses (answered with the lab model's own embeddings). */
    public static final String EMBEDDING = "labkit-check-embedding:latest";

    private CheckModels() {}
}
