package dev.labkit.runner.similarity;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What a student does to hide a copy: renames every declared method, field, parameter and local variable, and
 * puts each class's methods in reverse order. Works on the syntax trees javac parses, so the result still parses.
 */
final class Disguise {

    private Disguise() {}

    /** Disguises every .java file under {@code project} in place; the names it renamed. */
    static Set<String> apply(Path project) throws IOException {
        List<Path> sources;
        try (var walk = Files.walk(project)) {
            sources = walk.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        for (Path source : sources) {
            Files.writeString(source, reorderMethods(Files.readString(source)));
        }
        Set<String> names = declaredNames(sources);
        for (Path source : sources) {
            String text = Files.readString(source);
            for (String name : names) {
                text = text.replaceAll("\\b" + Pattern.quote(name) + "\\b",
                        Matcher.quoteReplacement("zz" + name + "Renamed"));
            }
            Files.writeString(source, text);
        }
        return names;
    }

    /** Each class's methods (constructors too) in reverse order, everything else where it was. */
    static String reorderMethods(String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Path temp = Files.createTempFile("disguise", ".java");
            try {
                Files.writeString(temp, source);
                JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                        files.getJavaFileObjects(temp));
                CompilationUnitTree unit = task.parse().iterator().next();
                SourcePositions positions = Trees.instance(task).getSourcePositions();
                List<long[]> spans = new ArrayList<>(); // [start, end) of each method, outermost class first
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree cls) {
                        cls.getMembers().stream().filter(MethodTree.class::isInstance)
                                .filter(member -> positions.getStartPosition(unit, member) >= 0)
                                .map(member -> new long[] {positions.getStartPosition(unit, member),
                                        positions.getEndPosition(unit, member)})
                                .forEach(spans::add);
                    }
                }
                if (spans.size() < 2) {
                    return source;
                }
                StringBuilder out = new StringBuilder();
                int at = 0;
                for (int i = 0; i < spans.size(); i++) {
                    long[] slot = spans.get(i);
                    long[] moved = spans.get(spans.size() - 1 - i);
                    out.append(source, at, (int) slot[0]).append(source, (int) moved[0], (int) moved[1]);
                    at = (int) slot[1];
                }
                return out.append(source.substring(at)).toString();
            } finally {
                Files.delete(temp);
            }
        }
    }

    private static Set<String> declaredNames(List<Path> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Set<String> names = new TreeSet<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(sources));
            for (CompilationUnitTree unit : task.parse()) {
                unit.accept(new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        String name = method.getName().toString();
                        if (!name.equals("<init>") && !name.equals("main")) {
                            names.add(name);
                        }
                        return super.visitMethod(method, unused);
                    }

                    @Override
                    public Void visitVariable(VariableTree variable, Void unused) {
                        names.add(variable.getName().toString());
                        return super.visitVariable(variable, unused);
                    }
                }, null);
            }
        }
        return names;
    }
}
