package dev.labkit.runner.similarity;

import de.jplag.python3.grammar.Python3Lexer;
import de.jplag.python3.grammar.Python3Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Syntax errors in a Python file, found with the grammar JPlag 4.3.0's Python parser uses (ANTLR's Python 3.6
 * grammar). JPlag's parser neither fails on them (ANTLR recovers and goes on) nor keeps them off the console (it
 * leaves ANTLR's console listener on); so such files are found here first and their projects left out.
 */
final class PythonSyntax {

    private PythonSyntax() {}

    /**
     * The first error as {@code "line L:C message"} (e.g. {@code "line 1:9 mismatched input ':'"}), or empty when the
     * file parses.
     */
    static Optional<String> firstError(Path file) throws IOException {
        List<String> errors = new ArrayList<>();
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String message,
                    RecognitionException e) {
                // ANTLR lists every token it expected ("expecting {STRING, NUMBER, ...}"): too long for one line.
                int expecting = message.indexOf(" expecting {");
                String what = expecting < 0 ? message : message.substring(0, expecting);
                errors.add("line " + line + ":" + column + " " + what);
            }
        };
        Python3Lexer lexer = new Python3Lexer(CharStreams.fromPath(file, StandardCharsets.UTF_8));
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        Python3Parser parser = new Python3Parser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(collect);
        parser.file_input();
        return errors.stream().findFirst();
    }
}
