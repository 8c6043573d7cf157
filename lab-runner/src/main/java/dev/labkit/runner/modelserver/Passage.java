package dev.labkit.runner.modelserver;

/**
 * A sentence of the request that may answer the question, and who said it: that decides whether it
 * is about the user or the model, and how it is phrased back.
 *
 * @param text the sentence as it was written
 * @param speaker who wrote it
 */
record Passage(String text, Speaker speaker) {

    enum Speaker {
        /** Retrieved documents, memory or tool results: facts, repeated as written. */
        CONTEXT,
        /** The system prompt: "you" is the model. */
        SYSTEM,
        /** The user: "I" is the user, "you" the model. */
        USER,
        /** The model's own earlier answers: "I" is the model. */
        ASSISTANT
    }
}
