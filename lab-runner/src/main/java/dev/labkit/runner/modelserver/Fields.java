package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fields of one JSON object of a request body, read with the types Ollama's Go structs give
 * them. A field of another type is a 400 with the message Go's {@code encoding/json} writes
 * ({@code json: cannot unmarshal array into Go struct field ChatRequest.messages.content of type
 * string}); {@code null} counts as absent, as it does in Go.
 *
 * @param node the JSON object (or a missing node: every field absent)
 * @param path the Go struct and the fields leading to it, e.g. {@code ChatRequest.messages}
 */
record Fields(JsonNode node, String path) {

    /** The top-level fields of a request body, read as the Go struct {@code struct}. */
    static Fields of(JsonNode body, String struct) {
        return new Fields(body, struct);
    }

    /** Whether the field is there with a value other than {@code null}. */
    boolean has(String name) {
        return node.hasNonNull(name);
    }

    /** The raw value, or a missing node when absent or {@code null}. */
    JsonNode raw(String name) {
        return has(name) ? node.get(name) : MissingNode.getInstance();
    }

    Optional<String> string(String name) throws Wire.BadRequest {
        return typed(name, JsonNode::isTextual, "string", JsonNode::asText);
    }

    String string(String name, String absent) throws Wire.BadRequest {
        return string(name).orElse(absent);
    }

    Optional<Boolean> bool(String name) throws Wire.BadRequest {
        return typed(name, JsonNode::isBoolean, "bool", JsonNode::asBoolean);
    }

    boolean bool(String name, boolean absent) throws Wire.BadRequest {
        return bool(name).orElse(absent);
    }

    /** A whole number ({@code 2.0} is one; Go refuses {@code 2.5} for an {@code int}), clamped to an int. */
    Optional<Integer> integer(String name) throws Wire.BadRequest {
        return typed(name, value -> value.isNumber() && value.asDouble() == Math.rint(value.asDouble()), "int",
                value -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value.asLong())));
    }

    private <T> Optional<T> typed(String name, Predicate<JsonNode> isType, String goType, Function<JsonNode, T> value)
            throws Wire.BadRequest {
        if (!has(name)) {
            return Optional.empty();
        }
        expect(name, isType.test(node.get(name)), goType);
        return Optional.of(value.apply(node.get(name)));
    }

    /** The elements of an array field (none when absent), each of which must be an object. */
    List<Fields> objects(String name, String goType) throws Wire.BadRequest {
        List<Fields> out = new ArrayList<>();
        for (JsonNode element : array(name, "[]" + goType)) {
            if (element.isNull()) {
                element = MissingNode.getInstance(); // Go leaves a struct as it is for null: all fields absent
            } else if (!element.isObject()) {
                throw new Wire.BadRequest(message(kind(element), path + "." + name, goType));
            }
            out.add(new Fields(element, path + "." + name));
        }
        return out;
    }

    /** The strings of an array field (none when absent). */
    List<String> strings(String name, String goType, String elementType) throws Wire.BadRequest {
        List<String> out = new ArrayList<>();
        for (JsonNode element : array(name, goType)) {
            if (!element.isTextual()) {
                throw new Wire.BadRequest(message(kind(element), path + "." + name, elementType));
            }
            out.add(element.asText());
        }
        return out;
    }

    /** An array field's elements, unchecked (none when absent). */
    List<JsonNode> array(String name, String goType) throws Wire.BadRequest {
        if (!has(name)) {
            return List.of();
        }
        expect(name, node.get(name).isArray(), goType);
        List<JsonNode> out = new ArrayList<>();
        node.get(name).forEach(out::add);
        return out;
    }

    /** An object field's fields (all absent when it is absent). */
    Fields object(String name, String goType) throws Wire.BadRequest {
        if (has(name)) {
            expect(name, node.get(name).isObject(), goType);
        }
        return new Fields(raw(name), path + "." + name);
    }

    private void expect(String name, boolean ok, String goType) throws Wire.BadRequest {
        if (!ok) {
            throw new Wire.BadRequest(message(kind(node.get(name)), path + "." + name, goType));
        }
    }

    private static String message(String kind, String field, String goType) {
        return "json: cannot unmarshal " + kind + " into Go struct field " + field + " of type " + goType;
    }

    /** How Go names a JSON value's kind in its errors. */
    static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isArray() ? "array" : "object";
    }
}
