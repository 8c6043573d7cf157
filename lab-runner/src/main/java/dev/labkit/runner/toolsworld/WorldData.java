package dev.labkit.runner.toolsworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The world's fixtures, from {@code fixtures/world/}: {@code search.json} (pages: title, url,
 * snippet), {@code weather.json} (by city) and {@code orders.json} (by order id).
 */
final class WorldData {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int SEARCH_RESULTS = 5;

    private final List<JsonNode> pages = new ArrayList<>();
    private final JsonNode weather;
    private final JsonNode orders;

    private WorldData(JsonNode search, JsonNode weather, JsonNode orders) {
        search.forEach(pages::add);
        this.weather = weather;
        this.orders = orders;
    }

    static WorldData read(Path dir) {
        try {
            return new WorldData(JSON.readTree(dir.resolve("search.json").toFile()),
                    JSON.readTree(dir.resolve("weather.json").toFile()), JSON.readTree(dir.resolve("orders.json").toFile()));
        } catch (IOException e) {
            throw LabException.of("cannot read the tools world's fixtures in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pages sharing most words with the query (words of 3 letters or more), best first; ties
     * keep the fixture's order.
     */
    ObjectNode search(String query) {
        Set<String> words = words(query);
        List<JsonNode> ranked = new ArrayList<>(pages);
        ranked.removeIf(page -> score(page, words) == 0);
        ranked.sort(Comparator.comparingInt((JsonNode page) -> -score(page, words)));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode results = body.putArray("results");
        ranked.stream().limit(SEARCH_RESULTS).forEach(results::add);
        return body;
    }

    /** The weather of a city, matched ignoring case. */
    Optional<JsonNode> weather(String city) {
        for (var fields = weather.fields(); fields.hasNext(); ) {
            var entry = fields.next();
            if (entry.getKey().equalsIgnoreCase(city.strip())) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    Optional<JsonNode> order(String id) {
        return Optional.ofNullable(orders.get(id.strip()));
    }

    private static int score(JsonNode page, Set<String> words) {
        Set<String> pageWords = words(page.path("title").asText() + " " + page.path("snippet").asText());
        pageWords.retainAll(words);
        return pageWords.size();
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 3) {
                words.add(word);
            }
        }
        return words;
    }
}
