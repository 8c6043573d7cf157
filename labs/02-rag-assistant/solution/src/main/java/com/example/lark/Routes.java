package com.example.lark;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/** The HTTP API: add a document, search, ask. Every refusal is a JSON error; the model is never shown. */
final class Routes {

    static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    static final int MAX_QUESTION = 2000;
    static final int MAX_K = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the API refuses, with the message for the user. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final KnowledgeBase knowledge;
    private final Assistant assistant;

    Routes(KnowledgeBase knowledge, Assistant assistant) {
        this.knowledge = knowledge;
        this.assistant = assistant;
    }

    /** {@code POST /api/documents {"id","title","text"}} -> 201 {@code {"id","chunks"}}; replaces an existing id. */
    void addDocument(Context ctx) throws IOException {
        try {
            JsonNode body = object(ctx.body());
            String id = text(body, "id");
            if (!DOCUMENT_ID.matcher(id).matches()) {
                throw new Refused("id must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            String text = text(body, "text");
            String title = body.hasNonNull("title") && body.get("title").isTextual() ? body.get("title").asText() : id;
            int chunks = knowledge.put(new SourceDocument(id, title, text));
            ctx.status(201).json(Map.of("id", id, "chunks", chunks));
        } catch (Refused e) {
            refuse(ctx, e);
        } catch (RuntimeException e) {
            modelFailed(ctx, e);
        }
    }

    /** {@code GET /api/search?q=...&k=4} -> {@code {"results":[{"documentId","text","score"}]}}, best first. */
    void search(Context ctx) {
        try {
            String query = ctx.queryParam("q");
            if (query == null || query.isBlank()) {
                throw new Refused("q must be a non-blank query.");
            }
            int k = k(ctx.queryParam("k"));
            ctx.json(Map.of("results", Assistant.sources(knowledge.search(query, k, 0))));
        } catch (Refused e) {
            refuse(ctx, e);
        } catch (RuntimeException e) {
            modelFailed(ctx, e);
        }
    }

    /** {@code POST /api/ask {"question"}} -> {@code {"answer","sources":[...]}}. */
    void ask(Context ctx) {
        try {
            String question = text(object(ctx.body()), "question");
            if (question.length() > MAX_QUESTION) {
                throw new Refused("question is longer than " + MAX_QUESTION + " characters.");
            }
            ctx.json(assistant.ask(question));
        } catch (Refused e) {
            refuse(ctx, e);
        } catch (RuntimeException e) {
            modelFailed(ctx, e);
        }
    }

    private static JsonNode object(String body) throws Refused {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new Refused("The request body must be a JSON object.");
            }
            return json;
        } catch (JacksonException e) {
            throw new Refused("The request body is not valid JSON.");
        }
    }

    private static String text(JsonNode body, String field) throws Refused {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new Refused(field + " must be a non-blank string.");
        }
        return value.asText();
    }

    private static int k(String value) throws Refused {
        if (value == null) {
            return Assistant.SOURCES;
        }
        try {
            int k = Integer.parseInt(value);
            if (k >= 1 && k <= MAX_K) {
                return k;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refused("k must be a whole number from 1 to " + MAX_K + ".");
    }

    private static void refuse(Context ctx, Refused e) {
        ctx.status(400).json(Map.of("error", e.getMessage()));
    }

    private static void modelFailed(Context ctx, RuntimeException e) {
        System.err.println("model call failed: " + e);
        ModelFailure failure = ModelFailure.of(e);
        ctx.status(failure.status()).json(Map.of("error", failure.message()));
    }
}
