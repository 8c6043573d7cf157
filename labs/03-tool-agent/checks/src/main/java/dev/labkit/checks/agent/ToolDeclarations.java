package dev.labkit.checks.agent;

import dev.labkit.checks.sdk.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What lab 03's brief asks of the declared tools: exactly six, each with a description and a JSON
 * schema whose properties are exactly its parameters, each a string, all required (except
 * {@code list_files}' path). A string parameter may be written {@code "type": "string"}, a type
 * list holding {@code "string"} (e.g. {@code ["string", "null"]}), or {@code anyOf}/{@code oneOf}
 * alternatives one of which is a string; other keywords ({@code additionalProperties},
 * {@code title}, {@code $schema}, descriptions...) and the order of {@code required} do not matter.
 */
final class ToolDeclarations {

    /** The tools of the brief and their parameters, in the brief's order. */
    static final Map<String, List<String>> TOOLS = tools();

    /** The one parameter the brief lets a tool leave optional. */
    private static final String OPTIONAL = "list_files.path";

    private ToolDeclarations() {}

    private static Map<String, List<String>> tools() {
        Map<String, List<String>> tools = new LinkedHashMap<>();
        tools.put("web_search", List.of("query"));
        tools.put("get_weather", List.of("city"));
        tools.put("get_order", List.of("orderId"));
        tools.put("list_files", List.of("path"));
        tools.put("read_file", List.of("path"));
        tools.put("write_file", List.of("path", "content"));
        return tools;
    }

    /** What breaks the brief in {@code declared}, one sentence each; empty when nothing does. */
    static List<String> problems(List<ToolSpec> declared) {
        Map<String, ToolSpec> byName = new LinkedHashMap<>();
        declared.forEach(tool -> byName.put(tool.name(), tool));
        if (!byName.keySet().equals(TOOLS.keySet())) {
            return List.of("the request should declare exactly the tools " + TOOLS.keySet() + ", it declared "
                    + byName.keySet());
        }
        List<String> problems = new ArrayList<>();
        TOOLS.forEach((name, parameters) -> problems.addAll(problems(byName.get(name), parameters)));
        return problems;
    }

    private static List<String> problems(ToolSpec tool, List<String> expected) {
        List<String> problems = new ArrayList<>();
        String name = tool.name();
        if (tool.description().isBlank()) {
            problems.add("tool " + name + " has no description");
        }
        Map<?, ?> properties = tool.parameters().get("properties") instanceof Map<?, ?> map ? map : Map.of();
        Set<String> names = new TreeSet<>(properties.keySet().stream().map(String::valueOf).toList());
        if (!names.equals(new TreeSet<>(expected))) {
            problems.add("tool " + name + " should take the parameters " + new TreeSet<>(expected) + ", it declares "
                    + names + " (name them; a Java app that builds them from methods compiles with -parameters)");
            return problems;
        }
        List<?> required = tool.parameters().get("required") instanceof List<?> list ? list : List.of();
        for (String parameter : expected) {
            if (!isString(properties.get(parameter))) {
                problems.add("tool " + name + ": parameter " + parameter + " should be a string "
                        + "(\"type\": \"string\"), its schema is " + properties.get(parameter));
            }
            if (!required.contains(parameter) && !OPTIONAL.equals(name + "." + parameter)) {
                problems.add("tool " + name + " should list " + parameter + " in \"required\", which is " + required);
            }
        }
        return problems;
    }

    /** A schema that admits strings: a string type, a type list with one, or anyOf/oneOf alternatives with one. */
    static boolean isString(Object schema) {
        if (!(schema instanceof Map<?, ?> map)) {
            return false;
        }
        Object type = map.get("type");
        if ("string".equals(type) || type instanceof List<?> types && types.contains("string")) {
            return true;
        }
        for (String alternatives : List.of("anyOf", "oneOf")) {
            if (map.get(alternatives) instanceof List<?> options
                    && options.stream().anyMatch(ToolDeclarations::isString)) {
                return true;
            }
        }
        return false;
    }
}
