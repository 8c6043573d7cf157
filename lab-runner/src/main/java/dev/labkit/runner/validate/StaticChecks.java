package dev.labkit.runner.validate;

import dev.labkit.checks.sdk.Tier;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.Diagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What can be proved about a lab without grading anything, from its suite's check declarations,
 * its brief and its broken variant files: each problem found, not only the first.
 */
final class StaticChecks {

    /** The contract tier's points add up to this. */
    static final int CONTRACT_POINTS = 100;

    private final LabManifest lab;
    private final List<Problem> problems = new ArrayList<>();

    private StaticChecks(LabManifest lab) {
        this.lab = lab;
    }

    /**
     * The static problems of {@code lab}, whose suite declares {@code checks}; and, by file, the
     * variants that can be graded (read, naming only checks and diagnoses that exist).
     */
    record Findings(List<Problem> problems, List<BrokenVariant> variants) {}

    static Findings of(LabManifest lab, List<DeclaredCheck> checks) {
        StaticChecks rules = new StaticChecks(lab);
        rules.suite(checks);
        rules.brief(checks);
        List<BrokenVariant> variants = rules.variants(checks);
        return new Findings(List.copyOf(rules.problems), variants);
    }

    private void problem(String subject, String message) {
        problems.add(new Problem(lab.id(), subject, message));
    }

    private void suite(List<DeclaredCheck> checks) {
        if (checks.isEmpty()) {
            problem("suite", lab.suite() + " declares no @Check method");
            return;
        }
        Set<String> ids = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (DeclaredCheck check : checks) {
            if (check.id().isBlank()) {
                problem("suite", check.name() + " has no id");
            } else if (!ids.add(check.id())) {
                twice.add(check.id());
            }
            if (check.title().isBlank()) {
                problem("suite", check.name() + " has no title");
            }
            if (check.points() <= 0) {
                problem("suite", check.name() + " has " + check.points() + " points, expected more than 0");
            }
            if (check.hint().isBlank()) {
                problem("suite", check.name() + " has no hint: say where to look when it fails");
            }
            for (String role : check.models()) {
                if (!lab.models().containsKey(role)) {
                    problem("suite", check.name() + " exercises the model role '" + role + "', which lab.yaml's"
                            + " models: does not declare" + declared());
                }
            }
        }
        twice.forEach(id -> problem("suite", "check id '" + id + "' is declared "
                + checks.stream().filter(c -> c.id().equals(id)).count() + " times, expected once"));
        int contract = checks.stream().filter(c -> c.tier() == Tier.CONTRACT).mapToInt(DeclaredCheck::points).sum();
        if (contract != CONTRACT_POINTS) {
            problem("suite", "the contract checks' points add up to " + contract + ", expected " + CONTRACT_POINTS);
        }
        for (String role : new TreeMap<>(lab.models()).keySet()) {
            boolean exercised = checks.stream()
                    .anyMatch(c -> c.tier() == Tier.LIVE && c.models().contains(role));
            if (!exercised) {
                problem("suite", "no live check exercises the model role '" + role + "' that lab.yaml declares: add"
                        + " one with @Check(tier = Tier.LIVE, models = \"" + role + "\", ...)");
            }
        }
    }

    private String declared() {
        return lab.models().isEmpty() ? " (it declares none)" : " (it declares " + String.join(", ",
                new TreeSet<>(lab.models().keySet())) + ")";
    }

    private void brief(List<DeclaredCheck> checks) {
        Path brief = lab.brief();
        String text;
        try {
            text = Files.readString(brief);
        } catch (IOException e) {
            problem("brief", "cannot read " + brief + " (" + FileTrees.reason(e) + ")");
            return;
        }
        BriefCheckTable.read(text).compare(checks).forEach(message -> problem("brief", message));
    }

    private List<BrokenVariant> variants(List<DeclaredCheck> checks) {
        List<BrokenVariant> variants = new ArrayList<>();
        Map<String, DeclaredCheck> byId = checks.stream()
                .collect(Collectors.toMap(DeclaredCheck::id, Function.identity(), (a, b) -> a));
        for (Path file : BrokenVariant.files(lab.dir())) {
            String subject = BrokenVariant.FOLDER + "/" + file.getFileName();
            BrokenVariant variant;
            try {
                variant = BrokenVariant.read(file);
            } catch (LabException e) {
                problem(subject, e.getMessage().replace(file.toString() + ": ", ""));
                continue;
            }
            int before = problems.size();
            if (variant.fails().isEmpty()) {
                problem(subject, "fails: names no check; a variant must fail at least one");
            }
            variant.fails().stream().filter(id -> !byId.containsKey(id)).forEach(id -> problem(subject,
                    "fails: names check '" + id + "', which the suite does not declare"));
            variant.diagnosis().stream().filter(id -> !Diagnosis.IDS.contains(id)).forEach(id -> problem(subject,
                    "diagnosis: names '" + id + "', which the grader does not know (known: "
                            + String.join(", ", Diagnosis.IDS) + ")"));
            if (problems.size() == before) {
                variants.add(variant);
            }
        }
        return List.copyOf(variants);
    }
}
