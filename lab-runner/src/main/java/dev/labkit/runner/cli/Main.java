package dev.labkit.runner.cli;

import java.io.PrintWriter;

/** Entry point of the {@code lab} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(LabCli.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}
