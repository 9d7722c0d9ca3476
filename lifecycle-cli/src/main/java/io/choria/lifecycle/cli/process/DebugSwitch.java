package io.choria.lifecycle.cli.process;

/** A command with a {@code --debug} flag of its own (the tally takes it where the reference does). */
public interface DebugSwitch {
    /** Whether the command's own {@code --debug} was given. */
    boolean debug();
}
