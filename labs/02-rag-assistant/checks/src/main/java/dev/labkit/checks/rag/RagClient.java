package dev.labkit.checks.rag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        return searchPath(query) + "&k=" + k;
    }

    /** The search path without {@code k}, which the brief makes default to 4. */
    static String searchPath(String query) {
        return "/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    /**
     * {@code POST /api/documents {"id","title","text"}} ({@code title} left out when null), expecting
     * what the brief allows: {@code 201} for a new id; {@code 200} or {@code 201} when the post
     * replaces a document; either way {@code {"id", "chunks"}} with the posted id and a whole number
     * of chunks of at least 1.
     */
    AppResponse addDocument(String id, String title, String text, boolean replacing) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("id", id);
        if (title != null) {
            body.put("title", title);
        }
        body.put("text", text);
        AppResponse response = app.postJson("/api/documents", body);
        String posted = "POST /api/documents " + (replacing ? "replacing the document \"" + id + "\"" : "with the "
                + "new id \"" + id + "\"") + (title == null ? " and no title" : "");
        boolean stored = response.status() == 201 || replacing && response.status() == 200;
        Expect.that(stored, () -> posted + " should answer " + (replacing ? "200 or 201" : "201") + ", got "
                + response.status() + " " + AppClient.shorten(response.body()));
        Expect.jsonMediaType(response);
        JsonNode answer = response.json();
        boolean described = answer.path("id").isTextual() && id.equals(answer.get("id").asText())
                && answer.path("chunks").isIntegralNumber() && answer.get("chunks").asInt() >= 1;
        Expect.that(described, () -> posted + " should answer {\"id\": \"" + id + "\", \"chunks\": n}, n the "
                + "number of chunks (at least 1), got " + AppClient.shorten(response.body()));
        return response;
    }

    List<Hit> search(String query, int k) {
        return results(app.get(searchPath(query, k)));
    }

    /** The results of a search answer, expecting {@code 200 {"results": [...]}} as JSON. */
    static List<Hit> results(AppResponse response) {
        Expect.that(response.status() == 200, () -> response.request() + " should answer 200, got "
                + response.status() + " " + AppClient.shorten(response.body()));
        return hits(response, response.json().get("results"), "results");
    }

    Answer ask(String question) {
        return answer(app.postJson("/api/ask", Map.of("question", question)));
    }

    /** An answer of {@code POST /api/ask}, expecting {@code 200 {"answer","sources"}}. */
    static Answer answer(AppResponse response) {
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
