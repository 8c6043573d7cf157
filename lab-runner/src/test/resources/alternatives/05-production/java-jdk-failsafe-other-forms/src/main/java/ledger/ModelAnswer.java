package ledger;

/**
 * A model's whole answer: its text and the token counts it reported (Ollama's {@code prompt_eval_count} and
 * {@code eval_count}, -1 when absent).
 */
record ModelAnswer(String text, long inputTokens, long outputTokens) {}
