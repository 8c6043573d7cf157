package dev.labkit.checks.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RagChecksTests {

    private static ModelRequest embedding(String endpoint, String... inputs) {
        return new ModelRequest(1, Instant.EPOCH, "ollama", endpoint, "embed", "all-minilm",
                java.util.Arrays.stream(inputs).map(i -> Message.of("user", i)).toList(), List.of(), false, Map.of(),
                null);
    }

    @Test
    void findsTheQueryAsAnInputAmongOthersWithOtherWhitespaceOrBehindAPrefix() {
        String query = "Who leads the firmware team?";

        assertThat(RagChecks.embedsQuery(embedding("/api/embed", query), query)).isTrue();
        assertThat(RagChecks.embedsQuery(embedding("/v1/embeddings", "test", query), query)).isTrue();
        assertThat(RagChecks.embedsQuery(embedding("/api/embeddings", "Who leads\nthe  firmware team?"), query)).isTrue();
        assertThat(RagChecks.embedsQuery(embedding("/api/embed", "search_query: " + query), query)).isTrue();
    }

    @Test
    void doesNotTakeAnotherTextOrAShortenedQueryForTheQuery() {
        String query = "Who leads the firmware team?";

        assertThat(RagChecks.embedsQuery(embedding("/api/embed", "Who leads the team?"), query)).isFalse();
        assertThat(RagChecks.embedsQuery(embedding("/api/embed", "firmware team"), query)).isFalse();
        assertThat(RagChecks.embedsQuery(embedding("/api/embed"), query)).isFalse();
    }
}
