package dev.labkit.runner.similarity;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The source languages a project may be written in (docs/languages.md: any language that serves HTTP), known by
 * their file suffixes, and JPlag's parser for each where the JPlag release on the runner's Java has one.
 */
enum SourceLanguage {
    JAVA("java", List.of(".java"), de.jplag.java.Language::new),
    PYTHON("python", List.of(".py"), de.jplag.python3.Language::new),
    /** JPlag has JavaScript and TypeScript parsers only from 5.0.0 on, built for Java 21 (see the root pom). */
    JAVASCRIPT("javascript", List.of(".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"), null);

    private final String id;
    private final List<String> suffixes;
    private final Supplier<de.jplag.Language> parser;

    SourceLanguage(String id, List<String> suffixes, Supplier<de.jplag.Language> parser) {
        this.id = id;
        this.suffixes = suffixes;
        this.parser = parser;
    }

    String id() {
        return id;
    }

    /** The suffixes with the dot, e.g. {@code ".java"}; the first names the language's files in messages. */
    List<String> suffixes() {
        return suffixes;
    }

    boolean isSource(Path file) {
        String name = file.getFileName().toString();
        return suffixes.stream().anyMatch(name::endsWith);
    }

    /** A new JPlag parser for this language, or empty when this JPlag release has none. */
    Optional<de.jplag.Language> parser() {
        return parser == null ? Optional.empty() : Optional.of(parser.get());
    }

    /**
     * The language most of the files are written in (files of no known language ignored; a tie goes to the one
     * declared first), or empty when none is.
     */
    static Optional<SourceLanguage> of(Collection<Path> files) {
        return List.of(values()).stream()
                .map(language -> new Count(language, files.stream().filter(language::isSource).count()))
                .filter(count -> count.files() > 0)
                .max(Comparator.comparingLong(Count::files).thenComparing(Count::language, Comparator.reverseOrder()))
                .map(Count::language);
    }

    private record Count(SourceLanguage language, long files) {}
}
