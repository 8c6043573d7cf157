package dev.labkit.checks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON-schema forms lab 03's brief allows for the declared tools, as clients write them
 * (langchain4j, hand-written OpenAI tools, zod or pydantic output), and the forms it rules out.
 */
class ToolDeclarationsTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tools as langchain4j's JsonObjectSchema writes them (the reference solution). */
    private static Map<String, ToolSpec> langchain4jTools() {
        Map<String, ToolSpec> tools = new LinkedHashMap<>();
        ToolDeclarations.TOOLS.forEach((name, parameters) -> {
            StringBuilder properties = new StringBuilder();
            for (String parameter : parameters) {
                properties.append(properties.length() == 0 ? "" : ",").append('"').append(parameter)
                        .append("\":{\"type\":\"string\",\"description\":\"the ").append(parameter).append("\"}");
            }
            tools.put(name, tool(name, "Does " + name + ".", "{\"type\":\"object\",\"properties\":{" + properties
                    + "},\"required\":" + json(parameters) + "}"));
        });
        return tools;
    }

    private static ToolSpec tool(String name, String description, String parametersJson) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = JSON.readValue(parametersJson, Map.class);
            return new ToolSpec(name, description, parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(parametersJson, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The reference tools with one replaced. */
    private static List<String> problemsWith(ToolSpec replacement) {
        Map<String, ToolSpec> tools = langchain4jTools();
        tools.put(replacement.name(), replacement);
        return ToolDeclarations.problems(new ArrayList<>(tools.values()));
    }

    @Test
    void theReferenceFormPasses() {
        assertThat(ToolDeclarations.problems(new ArrayList<>(langchain4jTools().values()))).isEmpty();
    }

    @Test
    void extraKeywordsAndTheOrderOfRequiredDoNotMatter() {
        assertThat(problemsWith(tool("write_file", "Writes a workspace file.", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "title": "write_file", "type": "object",
                 "properties": {"content": {"type": "string", "minLength": 0}, "path": {"type": "string"}},
                 "required": ["content", "path"], "additionalProperties": false}"""))).isEmpty();
    }

    @Test
    void listFilesMayLeaveItsPathOptionalAndNullable() {
        assertThat(problemsWith(tool("list_files", "Lists a folder.",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":[\"string\",\"null\"]}}}"))).isEmpty();
        assertThat(problemsWith(tool("list_files", "Lists a folder.", """
                {"type": "object", "properties": {"path": {"anyOf": [{"type": "string"}, {"type": "null"}],
                 "default": null}}, "required": []}"""))).isEmpty();
    }

    @Test
    void anotherToolMayNotLeaveAParameterOptional() {
        assertThat(problemsWith(tool("write_file", "Writes a workspace file.",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"}},"
                        + "\"required\":[\"path\"]}")))
                .containsExactly("tool write_file should list content in \"required\", which is [path]");
        assertThat(problemsWith(tool("read_file", "Reads a workspace file.",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}")))
                .containsExactly("tool read_file should list path in \"required\", which is []");
    }

    @Test
    void aStringParameterMayBeWrittenAsATypeListOrAlternatives() {
        for (String schema : List.of("{\"type\":\"string\"}", "{\"type\":[\"string\"]}", "{\"type\":[\"null\",\"string\"]}",
                "{\"oneOf\":[{\"type\":\"string\",\"minLength\":1}]}", "{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"string\"}]}")) {
            assertThat(problemsWith(tool("get_weather", "Weather of a city.",
                    "{\"type\":\"object\",\"properties\":{\"city\":" + schema + "},\"required\":[\"city\"]}")))
                    .as(schema).isEmpty();
        }
    }

    @Test
    void aParameterThatIsNotAStringOrHasNoTypeIsRefused() {
        for (String schema : List.of("{\"type\":\"integer\"}", "{\"description\":\"the order\"}",
                "{\"type\":[\"integer\",\"null\"]}", "{\"anyOf\":[{\"type\":\"number\"}]}", "\"string\"")) {
            assertThat(problemsWith(tool("get_order", "An order.",
                    "{\"type\":\"object\",\"properties\":{\"orderId\":" + schema + "},\"required\":[\"orderId\"]}")))
                    .as(schema).singleElement().asString()
                    .startsWith("tool get_order: parameter orderId should be a string");
        }
    }

    @Test
    void parametersMustBeExactlyTheBriefs() {
        assertThat(problemsWith(tool("web_search", "Searches.", """
                {"type": "object", "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
                 "required": ["query"]}""")))
                .containsExactly("tool web_search should take the parameters [query], it declares [limit, query] "
                        + "(name them; a Java app that builds them from methods compiles with -parameters)");
        assertThat(problemsWith(tool("web_search", "Searches.",
                "{\"type\":\"object\",\"properties\":{\"arg0\":{\"type\":\"string\"}},\"required\":[\"arg0\"]}")))
                .singleElement().asString().contains("it declares [arg0]");
    }

    @Test
    void everyToolNeedsADescription() {
        assertThat(problemsWith(tool("get_weather", " ",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")))
                .containsExactly("tool get_weather has no description");
    }

    @Test
    void exactlyTheSixToolsAreDeclared() {
        List<ToolSpec> tools = new ArrayList<>(langchain4jTools().values());
        tools.add(tool("launch_rockets", "No.", "{\"type\":\"object\",\"properties\":{}}"));
        assertThat(ToolDeclarations.problems(tools)).singleElement().asString()
                .startsWith("the request should declare exactly the tools");
        assertThat(ToolDeclarations.problems(tools.subList(0, 5))).singleElement().asString()
                .contains("it declared [web_search, get_weather, get_order, list_files, read_file]");
    }
}
