package dev.labkit.runner.cli;

import dev.labkit.checks.sdk.Tier;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.suite.SuiteLoader;
import dev.labkit.runner.grading.CheckDefinition;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a lab: models, limits and checks.")
final class InfoCommand implements Runnable {

    @Parameters(paramLabel = "LAB", description = "The lab's id, e.g. 01-chatbot.")
    String labId;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        LabManifest lab = LabCli.catalog(spec).require(labId);
        out.println(lab.id() + " (stage " + lab.stage() + "): " + lab.title());
        out.println();
        out.println(lab.summary());
        out.println();
        out.println("Brief:  " + lab.brief());
        writeModels(lab, out);
        if (!lab.services().isEmpty()) {
            // Where each comes from is this machine's affair: lab doctor says, lab check --services chooses.
            out.println("Services: " + String.join(", ", lab.services().stream()
                    .map(s -> s.name() + " (" + s.urlVariable() + ")").toList()));
        }
        out.printf("Limits: build %d s, start %d s, each check %d s, total %d s%n", lab.limits().build().toSeconds(),
                lab.limits().start().toSeconds(), lab.limits().check().toSeconds(), lab.limits().total().toSeconds());
        out.println();
        List<CheckDefinition> checks = CheckDefinition.of(SuiteLoader.load(lab, message -> {
            out.println(message + "...");
            out.flush();
        }));
        int width = checks.stream().mapToInt(c -> c.id().length()).max().orElse(10);
        int total = 0;
        for (CheckDefinition check : checks) {
            out.printf("  %-" + width + "s  %3d  %-8s  %s%n", check.id(), check.points(), check.tier().id(),
                    check.title());
            total += check.tier() == Tier.CONTRACT ? check.points() : 0;
        }
        out.printf("%nContract checks are worth %d points; live checks run only with a real model.%n", total);
    }

    /** One row per model the app is given: its role, its name and the variable that carries it. */
    private static void writeModels(LabManifest lab, PrintWriter out) {
        out.println("Models:");
        int role = Math.max("role".length(), lab.models().keySet().stream().mapToInt(String::length).max().orElse(0));
        int name = Math.max("model".length(), lab.models().values().stream().mapToInt(String::length).max().orElse(0));
        String row = "  %-" + role + "s  %-" + name + "s  %s%n";
        out.printf(row, "role", "model", "environment variable");
        new TreeMap<>(lab.models()).forEach((r, n) -> out.printf(row, r, n, LabManifest.modelVariable(r)));
    }
}
