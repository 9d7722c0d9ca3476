package io.choria.lifecycle.cli.process;

/**
 * The program's entry point by name, for commands that start the program again in a JVM of its
 * own (the benchmarks' tally): naming it here keeps those commands from importing the root command.
 */
public final class MainClass {
    /** {@code io.choria.lifecycle.cli.ChoriaLifecycle}; a test checks it is that class's name. */
    public static final String NAME = "io.choria.lifecycle.cli.ChoriaLifecycle";

    private MainClass() {
    }
}
