package io.choria.lifecycle.cli.process;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * What a command needs of the process it runs in: where it reads its input, writes its data (as
 * bytes, and nothing else) and its {@code error: ...} lines, and whether {@code --debug} was
 * given. Handed to each command's constructor, so no command reaches back to the root command.
 *
 * @param debug read when asked: the root's flag is parsed after the commands are made
 */
public record Terminal(InputStream stdin, PrintStream stdout, PrintStream stderr, BooleanSupplier debug) {
    /** Whether {@code --debug} was given before the command. */
    public boolean debugRequested() {
        return debug.getAsBoolean();
    }
}
