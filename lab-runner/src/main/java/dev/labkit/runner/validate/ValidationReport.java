package dev.labkit.runner.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a validation found.
 *
 * @param out the folder holding each grading's JSON result
 * @param labs one report per lab, in the order validated
 */
public record ValidationReport(Path out, List<LabReport> labs) {

    /**
     * One lab's findings.
     *
     * @param lab the lab's id
     * @param problems the static problems (suite, brief, variant files), one each
     * @param gradings how each grading went, solution first, then scaffold, then variants by name
     */
    public record LabReport(String lab, List<Problem> problems, List<GradingOutcome> gradings) {

        public LabReport {
            problems = List.copyOf(problems);
            gradings = List.copyOf(gradings);
        }

        /** Every problem: static ones first, then each grading's. */
        public List<Problem> allProblems() {
            return Stream.concat(problems.stream(), gradings.stream().flatMap(g -> g.problems().stream())).toList();
        }

        public boolean sound() {
            return allProblems().isEmpty();
        }
    }

    public ValidationReport {
        labs = List.copyOf(labs);
    }

    /** Every problem of every lab. */
    public List<Problem> problems() {
        return labs.stream().flatMap(lab -> lab.allProblems().stream()).toList();
    }

    /** True when every lab is sound. */
    public boolean sound() {
        return problems().isEmpty();
    }
}
