package dev.labkit.runner.validate;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.CheckStatus;
import dev.labkit.runner.grading.Diagnosis;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.GradeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One app of a lab that validation grades, and what its grading must show: the reference solution
 * (full marks on the contract tier), the scaffold (it builds, passes {@code health}, scores at most
 * the manifest's {@code scaffold-max-score}) or a broken variant (it fails exactly the checks it
 * declares, with exactly its diagnoses).
 */
public sealed interface Subject {

    /** How problems and progress name it: {@code solution}, {@code scaffold}, {@code variant no-memory}. */
    String name();

    /** The name of its JSON result in the output folder: {@code solution.json}, {@code variant-no-memory.json}. */
    default String fileName() {
        return name().replace(' ', '-') + ".json";
    }

    /** Each expectation the result does not meet, as {@code expected ..., found ...}; empty when all are met. */
    List<String> judge(GradeResult result);

    /** The reference solution: every contract check passes, full marks; live checks skipped without a real model. */
    record Solution() implements Subject {
        @Override
        public String name() {
            return "solution";
        }

        @Override
        public List<String> judge(GradeResult result) {
            if (notGraded(result)) {
                return List.of("expected full marks, found " + result.status().id() + ": " + result.reason());
            }
            List<String> problems = new ArrayList<>();
            List<CheckResult> contract = result.checks().stream()
                    .filter(c -> c.tier().equals("contract") && c.status() != CheckStatus.PASSED).toList();
            if (!contract.isEmpty()) {
                problems.add("expected every contract check to pass, found " + contract.size() + " not passing: "
                        + statuses(contract));
            }
            List<CheckResult> live = result.checks().stream()
                    .filter(c -> !c.tier().equals("contract") && failed(c)).toList();
            if (!live.isEmpty()) {
                problems.add("expected live checks to pass or be skipped, found " + statuses(live));
            }
            if (problems.isEmpty() && (result.score() != result.maxScore() || !result.passed())) {
                problems.add("expected full marks, found " + result.status().id() + " with " + result.score() + "/"
                        + result.maxScore());
            }
            return problems;
        }
    }

    /**
     * The scaffold: it builds, starts and passes {@code health}, and scores at most {@code maxScore}.
     *
     * @param maxScore the most it may score, in points (lab.yaml {@code scaffold-max-score})
     */
    record Scaffold(int maxScore) implements Subject {
        @Override
        public String name() {
            return "scaffold";
        }

        @Override
        public List<String> judge(GradeResult result) {
            if (notGraded(result)) {
                return List.of("expected it to build and start, found " + result.status().id() + ": "
                        + result.reason());
            }
            List<String> problems = new ArrayList<>();
            // The lab's health check: "health", or a namespaced one such as lab 05's "prod.health".
            List<CheckResult> health = result.checks().stream()
                    .filter(c -> c.id().equals("health") || c.id().endsWith(".health")).toList();
            if (health.isEmpty()) {
                problems.add("expected check health to pass, found no check health (or <prefix>.health) in the suite");
            }
            health.stream().filter(c -> c.status() != CheckStatus.PASSED).forEach(c -> problems.add(
                    "expected check " + c.id() + " to pass, found " + c.status().id() + ": " + c.message()));
            if (result.score() > maxScore) {
                problems.add("expected at most " + maxScore + " points (scaffold-max-score), found " + result.score()
                        + "/" + result.maxScore() + ", passing " + result.checks().stream()
                                .filter(c -> c.status() == CheckStatus.PASSED).map(CheckResult::id)
                                .collect(Collectors.joining(", ")));
            }
            return problems;
        }
    }

    /**
     * A broken variant: it fails exactly {@link BrokenVariant#fails()} (but the browser and live checks of the list
     * that were skipped), with exactly its diagnoses.
     */
    record Variant(BrokenVariant variant) implements Subject {
        @Override
        public String name() {
            return "variant " + variant.name();
        }

        @Override
        public List<String> judge(GradeResult result) {
            if (notGraded(result)) {
                return List.of("expected to fail " + variant.fails() + ", found " + result.status().id() + ": "
                        + result.reason());
            }
            List<String> problems = new ArrayList<>();
            Set<String> failed = result.checks().stream().filter(Subject::failed).map(CheckResult::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            // A browser or live check skipped here (no browser, no real model) can neither fail nor pass: as its
            // points, it is left out of what the variant is judged on.
            Set<String> expected = new TreeSet<>(variant.fails());
            result.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED && !c.tier().equals("contract"))
                    .forEach(c -> expected.remove(c.id()));
            if (!failed.equals(expected)) {
                Set<String> extra = new TreeSet<>(failed);
                extra.removeAll(expected);
                Set<String> passed = new TreeSet<>(expected);
                passed.removeAll(failed);
                problems.add("expected to fail " + expected + ", found " + failed
                        + (extra.isEmpty() ? "" : "; failed beyond its list: " + String.join(", ", extra))
                        + (passed.isEmpty() ? "" : "; did not fail: " + String.join(", ", passed)));
            }
            Set<String> causes = result.diagnosis().stream().map(Diagnosis::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!causes.equals(variant.diagnosis())) {
                problems.add("expected diagnosis " + new TreeSet<>(variant.diagnosis()) + ", found " + causes);
            }
            // The grader's own promise: a check a diagnosis explains points to it instead of its own hint.
            for (Diagnosis cause : result.diagnosis()) {
                result.checks().stream()
                        .filter(c -> cause.checks().contains(c.id()) && !c.hint().equals(cause.checkHint()))
                        .forEach(c -> problems.add("expected check " + c.id() + "'s hint to point to diagnosis "
                                + cause.id() + ", found: " + c.hint()));
            }
            return problems;
        }
    }

    private static boolean notGraded(GradeResult result) {
        return result.status() == GradeStatus.BUILD_FAILED || result.status() == GradeStatus.START_FAILED;
    }

    private static boolean failed(CheckResult check) {
        return check.status() == CheckStatus.FAILED || check.status() == CheckStatus.ERROR;
    }

    private static String statuses(List<CheckResult> checks) {
        return checks.stream().map(c -> c.id() + " (" + c.status().id() + ")").collect(Collectors.joining(", "));
    }
}
