package com.example.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's six tools: what the model is told about them, and how a call is carried out. A call
 * never throws: whatever goes wrong becomes a result starting with {@code ERROR:}, for the model
 * to read and recover from.
 */
final class Toolbox {

    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(5);

    static final List<ToolSpecification> SPECIFICATIONS = List.of(
            tool("web_search", "Search the web; returns titles, URLs and snippets.", "query", "What to search for"),
            tool("get_weather", "Current weather for a city.", "city", "The city's name, e.g. Oslo"),
            tool("get_order", "Status and details of a shop order.", "orderId", "The order number, e.g. A-1042"),
            tool("list_files", "List a folder of the workspace.", "path", "A folder relative to the workspace; '.' is the workspace"),
            tool("read_file", "Read a text file of the workspace.", "path", "A file relative to the workspace"),
            ToolSpecification.builder().name("write_file").description("Write a text file in the workspace (only when "
                    + "the user allowed writes).").parameters(JsonObjectSchema.builder()
                    .addStringProperty("path", "A file relative to the workspace")
                    .addStringProperty("content", "The whole new text of the file")
                    .required("path", "content").build()).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TOOL_TIMEOUT).build();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "tool-call");
        thread.setDaemon(true);
        return thread;
    });
    private final String toolsBaseUrl;
    private final Sandbox sandbox;

    Toolbox(String toolsBaseUrl, Sandbox sandbox) {
        this.toolsBaseUrl = toolsBaseUrl.replaceAll("/+$", "");
        this.sandbox = sandbox;
    }

    /** Carries out one call within {@link #TOOL_TIMEOUT}. */
    Step execute(ToolExecutionRequest request, boolean allowWrites) {
        JsonNode arguments = arguments(request.arguments());
        Future<String> call = calls.submit(() -> run(request.name(), arguments, allowWrites));
        try {
            String result = call.get(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Step(request.name(), arguments, result, null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return failed(request.name(), arguments, request.name() + " took longer than "
                    + TOOL_TIMEOUT.toSeconds() + " s and was stopped");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return failed(request.name(), arguments, cause instanceof ToolFailure ? cause.getMessage()
                    : request.name() + " failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(request.name(), arguments, "interrupted");
        }
    }

    private String run(String tool, JsonNode arguments, boolean allowWrites) throws ToolFailure, IOException,
            InterruptedException {
        return switch (tool) {
            case "web_search" -> get("/search?q=" + encode(text(arguments, "query")));
            case "get_weather" -> get("/weather?city=" + encode(text(arguments, "city")));
            case "get_order" -> get("/orders/" + encode(text(arguments, "orderId")));
            case "list_files" -> sandbox.list(arguments.path("path").asText("."));
            case "read_file" -> sandbox.read(text(arguments, "path"));
            case "write_file" -> {
                String path = text(arguments, "path");
                String content = text(arguments, "content");
                if (!allowWrites) {
                    throw new ToolFailure("writing files is not allowed for this task");
                }
                yield sandbox.write(path, content);
            }
            default -> throw new ToolFailure("there is no tool named '" + tool + "'; the tools are "
                    + SPECIFICATIONS.stream().map(ToolSpecification::name).toList());
        };
    }

    private String get(String pathAndQuery) throws ToolFailure, IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(toolsBaseUrl + pathAndQuery))
                .timeout(TOOL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            throw new ToolFailure("not found: " + response.body());
        }
        if (response.statusCode() != 200) {
            throw new ToolFailure("the service answered " + response.statusCode());
        }
        return response.body();
    }

    private static JsonNode arguments(String json) {
        try {
            JsonNode node = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode arguments, String name) throws ToolFailure {
        JsonNode value = arguments.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ToolFailure("missing argument '" + name + "' (a non-empty string)");
        }
        return value.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Step failed(String tool, JsonNode arguments, String error) {
        return new Step(tool, arguments, "ERROR: " + error, error);
    }

    private static ToolSpecification tool(String name, String description, String parameter, String about) {
        return ToolSpecification.builder().name(name).description(description).parameters(JsonObjectSchema.builder()
                .addStringProperty(parameter, about).required(parameter).build()).build();
    }
}
