package dev.labkit.runner.modelserver;

import java.util.List;

/**
 * What the default answer needs from a request, read by {@link PromptReader}.
 *
 * @param question what the user asks now ({@code ""} when the request asks nothing)
 * @param passages the sentences that may answer it, in the order of the request
 */
record Prompt(String question, List<Passage> passages) {

    Prompt {
        passages = List.copyOf(passages);
    }
}
