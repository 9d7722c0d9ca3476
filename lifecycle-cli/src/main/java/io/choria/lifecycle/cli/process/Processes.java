package io.choria.lifecycle.cli.process;

import picocli.CommandLine;

/** Where a command's reports go: its root command line's streams. */
final class Processes {
    private Processes() {
    }

    /** The root of {@code cmd}'s command hierarchy, whose streams every report goes to. */
    static CommandLine topOf(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return c;
    }
}
