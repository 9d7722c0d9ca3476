package io.choria.lifecycle.cli.process;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import picocli.CommandLine;

/**
 * Makes picocli's command objects: one with a {@code (Terminal)} constructor gets the terminal,
 * anything else (mixins, converters, picocli's own help command) picocli's default factory.
 */
public final class TerminalFactory implements CommandLine.IFactory {
    private final Terminal terminal;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public TerminalFactory(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withTerminal;
        try {
            withTerminal = cls.getDeclaredConstructor(Terminal.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
        try {
            return withTerminal.newInstance(terminal);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
