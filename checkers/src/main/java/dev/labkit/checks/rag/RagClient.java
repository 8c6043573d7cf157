package dev.labkit.checks.rag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lab 02's API as a user would call it, with the expectations checks share. */
final class RagClient {

    /** One search result or source: a chunk of a document and its score. */
    record Hit(String documentId, String text, double score) {}

    /** What {@code POST /api/ask} answered. */
    record Answer(String answer, List<Hit> sources) {}

    private final AppClient app;

    RagClient(AppClient app) {
        this.app = app;
    }

    static String searchPath(String query, int k) {
        return "/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&k=" + k;
    }

    /**
     * {@code POST /api/documents {"id","title","text"}}, expecting what the brief allows: {@code
     * 201} for a new id; {@code 200} or {@code 201} when the post replaces a document.
     */
    AppResponse addDocument(String id, String title, String text, boolean replacing) {
        AppResponse response = app.postJson("/api/documents", Map.of("id", id, "title", title, "text", text));
        boolean stored = response.status() == 201 || replacing && response.status() == 200;
        Expect.that(stored, () -> "POST /api/documents " + (replacing ? "replacing the document \"" + id
                + "\" should answer 200 or 201, got " : "with the new id \"" + id + "\" should answer 201, got ")
                + response.status() + " " + AppClient.shorten(response.body()));
        return response;
    }

    List<Hit> search(String query, int k) {
        AppResponse response = app.get(searchPath(query, k));
        Expect.that(response.status() == 200, () -> "GET /api/search?q=...&k=" + k + " should answer 200, got "
                + response.status() + " " + AppClient.shorten(response.body()));
        return hits(response, response.json().get("results"), "results");
    }

    Answer ask(String question) {
        AppResponse response = app.postJson("/api/ask", Map.of("question", question));
        Expect.that(response.status() == 200, () -> "POST /api/ask should answer 200 {\"answer\",\"sources\"}, got "
                + response.status() + " " + AppClient.shorten(response.body()));
        return new Answer(response.text("answer"), hits(response, response.json().get("sources"), "sources"));
    }

    private static List<Hit> hits(AppResponse response, JsonNode array, String field) {
        Expect.that(array != null && array.isArray(), () -> response.request() + " should answer a JSON array \""
                + field + "\", got: " + AppClient.shorten(response.body()));
        List<Hit> hits = new ArrayList<>();
        for (JsonNode hit : array) {
            Expect.that(hit.path("documentId").isTextual() && hit.path("text").isTextual()
                    && hit.path("score").isNumber(), () -> "each of \"" + field + "\" should be {\"documentId\": "
                    + "string, \"text\": string, \"score\": number}, got: " + AppClient.shorten(hit.toString()));
            hits.add(new Hit(hit.get("documentId").asText(), hit.get("text").asText(), hit.get("score").asDouble()));
        }
        return hits;
    }
}
