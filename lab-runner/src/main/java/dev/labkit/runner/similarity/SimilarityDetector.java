package dev.labkit.runner.similarity;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import de.jplag.GreedyStringTiling;
import de.jplag.JPlag;
import de.jplag.JPlagComparison;
import de.jplag.ParsingException;
import de.jplag.Submission;
import de.jplag.SubmissionSet;
import de.jplag.SubmissionSetBuilder;
import de.jplag.exceptions.BasecodeException;
import de.jplag.exceptions.ExitException;
import de.jplag.options.JPlagOptions;
import de.jplag.strategy.ParallelComparisonStrategy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.tools.ToolProvider;

/**
 * Finds the most similar pairs among a class's projects with JPlag 4.3.0 (https://github.com/jplag/JPlag, GPL-3.0,
 * a dependency of the runner): every project's source files are turned into tokens by JPlag's parser for the
 * language (Java: javac's syntax tree; Python: an ANTLR grammar), and each pair is compared by Greedy String Tiling
 * with JPlag's default minimum match length (Java 9 tokens, Python 12). The scaffold, given as base code, is
 * compared first: what a project shares with it does not count. A pair's similarity is JPlag's average one, 0..1
 * ({@link SimilarPair}).
 *
 * <p>The language is the scaffold's (the one most of its source files are written in), or without a scaffold the one
 * most of the projects' source files are written in ({@code .java}; {@code .py}; {@code .js}/{@code .ts}).
 * JPlag 4.3.0 has no JavaScript or TypeScript parser (those need JPlag 5, built for Java 21): such a class gets no
 * pairs, and every project a line saying why. A project JPlag cannot parse (a syntax error, or fewer tokens than the
 * minimum match) is left out with a line saying why, never an exception; fewer than two parsable projects give no
 * pairs. Each such line goes to the {@code notices} listener as well as into {@link SimilarityReport#leftOut()}.
 *
 * <p>JPlag reads copies of the source files (links not followed, build output and hidden folders left out), made
 * under {@code workDir/jplag-input} and deleted when done. JPlag logs through SLF4J, which the runner binds to
 * slf4j-nop: nothing reaches the console. Calls with different {@code workDir}s may run at once.
 */
public final class SimilarityDetector {

    private static final String INPUT = "jplag-input";

    private final Consumer<String> notices;

    /** A detector whose left-out lines are only returned ({@link #analyse}), not printed. */
    public SimilarityDetector() {
        this(line -> {});
    }

    /** @param notices gets one line per project left out, and one when the base code cannot be used */
    public SimilarityDetector(Consumer<String> notices) {
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /**
     * Compares each pair of projects (student -> project folder), with the scaffold as base code (shared starter
     * code does not count); the {@code top} most similar pairs, most similar first. A student whose code JPlag
     * cannot parse is left out (not an exception). JPlag's input copies go under {@code workDir}.
     *
     * @throws LabException when {@code top} is negative, or the base code exists but JPlag cannot parse it
     * @throws IOException when a project cannot be read or {@code workDir} cannot be written
     */
    public List<SimilarPair> compare(Map<String, Path> projects, Optional<Path> baseCode, int top, Path workDir)
            throws IOException {
        return analyse(projects, baseCode, top, workDir).pairs();
    }

    /** {@link #compare}, with the language, the projects left out and whether the base code was used. */
    public SimilarityReport analyse(Map<String, Path> projects, Optional<Path> baseCode, int top, Path workDir)
            throws IOException {
        if (top < 0) {
            throw LabException.of("the number of similar pairs to show must be 0 or more, not " + top);
        }
        Map<String, Path> sorted = new TreeMap<>(projects);
        Map<String, List<Path>> files = new LinkedHashMap<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (var project : sorted.entrySet()) {
            if (Files.isDirectory(project.getValue())) {
                files.put(project.getKey(), SourceFiles.list(project.getValue()));
            } else {
                leftOut.add(new LeftOut(project.getKey(), project.getValue() + " is not a folder"));
            }
        }
        // The scaffold's language is the lab's: a Java app's page scripts (.js) must not outvote its .java files.
        Optional<SourceLanguage> detected = Optional.empty();
        if (baseCode.isPresent() && Files.isDirectory(baseCode.get())) {
            detected = SourceLanguage.of(SourceFiles.list(baseCode.get()));
        }
        if (detected.isEmpty()) {
            detected = SourceLanguage.of(files.values().stream().flatMap(List::stream).toList());
        }
        if (detected.isEmpty()) {
            files.keySet().forEach(student -> leftOut.add(new LeftOut(student, "it has no source files (.java, .py,"
                    + " .js or .ts)")));
            return report("none", List.of(), leftOut, false);
        }
        SourceLanguage language = detected.get();
        Optional<de.jplag.Language> parser = language.parser();
        if (parser.isEmpty()) {
            files.keySet().forEach(student -> leftOut.add(new LeftOut(student, "JPlag " + jplagVersion() + " (the"
                    + " newest that runs on Java 17) has no " + language.id() + " parser, so " + language.id()
                    + " projects are not compared")));
            return report(language.id(), List.of(), leftOut, false);
        }
        requireJavac(language);

        Path input = workDir.resolve(INPUT);
        if (Files.exists(input)) {
            FileTrees.delete(input);
        }
        try {
            return compare(language, parser.get(), sorted, files, baseCode, top, input, leftOut);
        } finally {
            FileTrees.delete(input);
        }
    }

    private SimilarityReport compare(SourceLanguage language, de.jplag.Language parser, Map<String, Path> projects,
            Map<String, List<Path>> files, Optional<Path> baseCode, int top, Path input, List<LeftOut> leftOut)
            throws IOException {
        // Students' names become JPlag's submission names only through these neutral folder names, so that no
        // name ("..", say) can mean a path to JPlag.
        Path submissions = input.resolve("submissions");
        Map<String, String> studentOf = new TreeMap<>();
        for (var project : files.entrySet()) {
            String folder = "s%05d".formatted(studentOf.size() + 1);
            Path copy = submissions.resolve(folder);
            Files.createDirectories(copy);
            Optional<String> unparsable = Optional.empty();
            if (SourceFiles.copy(projects.get(project.getKey()), project.getValue(), language, copy) == 0) {
                unparsable = Optional.of("it has no " + language.suffixes().get(0) + " files");
            } else if (language == SourceLanguage.PYTHON) {
                unparsable = pythonSyntaxError(copy);
            }
            if (unparsable.isPresent()) {
                leftOut.add(new LeftOut(project.getKey(), unparsable.get()));
                FileTrees.delete(copy);
            } else {
                studentOf.put(folder, project.getKey());
            }
        }
        Optional<Path> base = copyBaseCode(baseCode, language, input.resolve("base"));
        if (studentOf.size() < 2) {
            return report(language.id(), List.of(), leftOut, base.isPresent());
        }

        JPlagOptions options = new JPlagOptions(parser, Set.of(submissions.toFile()), Set.of())
                .withFileSuffixes(language.suffixes());
        if (base.isPresent()) {
            options = options.withBaseCodeSubmissionDirectory(base.get().toFile());
        }
        // What JPlag.run() does, less its refusal of fewer than two valid submissions (that would hide which
        // ones were invalid) and its clustering: parse every submission once, then compare every valid pair.
        SubmissionSet parsed = parse(options, baseCode);
        for (Submission invalid : parsed.getInvalidSubmissions()) {
            String reason = whyInvalid(parser, invalid, options.minimumTokenMatch(), language);
            leftOut.add(new LeftOut(studentOf.get(invalid.getName()), reason));
        }
        if (parsed.numberOfSubmissions() < 2) {
            return report(language.id(), List.of(), leftOut, base.isPresent());
        }
        List<JPlagComparison> comparisons = new ParallelComparisonStrategy(options, new GreedyStringTiling(options))
                .compareSubmissions(parsed).getAllComparisons();
        List<SimilarPair> pairs = comparisons.stream()
                .map(comparison -> pair(studentOf.get(comparison.firstSubmission().getName()),
                        studentOf.get(comparison.secondSubmission().getName()), comparison.similarity()))
                .sorted(Comparator.comparingDouble(SimilarPair::similarity).reversed()
                        .thenComparing(SimilarPair::first).thenComparing(SimilarPair::second))
                .limit(top)
                .toList();
        return report(language.id(), pairs, leftOut, base.isPresent());
    }

    private SubmissionSet parse(JPlagOptions options, Optional<Path> baseCode) throws IOException {
        try {
            return new SubmissionSetBuilder(options.language(), options).buildSubmissionSet();
        } catch (BasecodeException e) {
            throw LabException.of("JPlag cannot use the base code " + baseCode.map(Path::toString).orElse("")
                    + " (" + LabException.firstLine(e.getMessage(), "no reason given") + "): fix the lab's scaffold,"
                    + " or compare without base code", e);
        } catch (ExitException e) {
            throw new IOException("JPlag could not read the submissions: "
                    + LabException.firstLine(e.getMessage(), "no reason given"), e);
        }
    }

    /** The base code's copy, or empty (with a notice) when it has no files of the language. */
    private Optional<Path> copyBaseCode(Optional<Path> baseCode, SourceLanguage language, Path into)
            throws IOException {
        if (baseCode.isEmpty()) {
            return Optional.empty();
        }
        Path scaffold = baseCode.get();
        if (!Files.isDirectory(scaffold)) {
            throw LabException.of("the base code " + scaffold + " is not a folder: pass the lab's scaffold folder");
        }
        Files.createDirectories(into);
        if (SourceFiles.copy(scaffold, SourceFiles.list(scaffold), language, into) == 0) {
            notices.accept("similarity: the base code " + scaffold + " has no " + language.suffixes().get(0)
                    + " files, so nothing is subtracted");
            return Optional.empty();
        }
        return Optional.of(into);
    }

    /** The first syntax error among a copy's .py files, as a left-out reason (see {@link PythonSyntax}). */
    private static Optional<String> pythonSyntaxError(Path copy) throws IOException {
        for (Path file : SourceFiles.list(copy)) {
            Optional<String> error = PythonSyntax.firstError(copy.resolve(file));
            if (error.isPresent()) {
                String name = file.toString().replace(File.separatorChar, '/');
                return Optional.of("JPlag cannot parse its .py files (" + name + ": " + error.get() + "; JPlag "
                        + jplagVersion() + " reads Python 3.6)");
            }
        }
        return Optional.empty();
    }

    /** Why JPlag left a submission out: its parser's first error (parsed again, outside JPlag's logging), or size. */
    private static String whyInvalid(de.jplag.Language parser, Submission invalid, int minimumTokenMatch,
            SourceLanguage language) {
        Set<File> files = new HashSet<>(invalid.getFiles());
        String root = invalid.getRoot().getPath() + File.separator;
        try {
            parser.parse(files);
        } catch (ParsingException | RuntimeException e) {
            // One line per error; the Java parser's own "error while visiting" lines say less than javac's.
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String error = message.lines().filter(line -> !line.contains("error while visiting")).findFirst()
                    .orElse(LabException.firstLine(message, message)).replace(root, "");
            return "JPlag cannot parse its " + language.suffixes().get(0) + " files (" + error + ")";
        }
        return "its " + language.suffixes().get(0) + " files are too short to compare (fewer than "
                + minimumTokenMatch + " tokens)";
    }

    private static SimilarPair pair(String a, String b, double similarity) {
        double clamped = Math.max(0, Math.min(1, similarity));
        return a.compareTo(b) < 0 ? new SimilarPair(a, b, clamped) : new SimilarPair(b, a, clamped);
    }

    private SimilarityReport report(String language, List<SimilarPair> pairs, List<LeftOut> leftOut,
            boolean baseCodeUsed) {
        List<LeftOut> sorted = leftOut.stream().sorted(Comparator.comparing(LeftOut::student)).toList();
        sorted.forEach(left -> notices.accept(left.line()));
        return new SimilarityReport(language, jplagVersion(), pairs, sorted, baseCodeUsed);
    }

    /** JPlag's Java parser is javac's: a JRE without the compiler cannot parse Java. */
    private static void requireJavac(SourceLanguage language) {
        if (language == SourceLanguage.JAVA && ToolProvider.getSystemJavaCompiler() == null) {
            throw LabException.of("comparing Java projects needs a JDK (JPlag parses with javac), and this Java ("
                    + System.getProperty("java.home") + ") is a JRE: run lab with a JDK's java (JAVA_HOME)");
        }
    }

    static String jplagVersion() {
        var version = JPlag.JPLAG_VERSION;
        return version.major() + "." + version.minor() + "." + version.patch();
    }
}
