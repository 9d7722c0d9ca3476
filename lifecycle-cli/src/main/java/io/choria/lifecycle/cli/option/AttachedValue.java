package io.choria.lifecycle.cli.option;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A value attached with {@code =} is the value, whatever it looks like: {@code --identity=--identity}
 * sets the identity to {@code --identity}, as Go's flag parsers (the reference's fisk, kingpin) do.
 * Picocli would refuse it ({@code Expected parameter for option '--identity' but found '--identity'})
 * because the value is also an option's name; a value given as the next argument is still checked
 * that way, so {@code --identity --component x} stays a usage error. For String options; put it on
 * one with {@code @Option(preprocessor = AttachedValue.class)}.
 */
public final class AttachedValue implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec arg, Map<String, Object> info) {
        Object separator = info.get("separator");
        if (" ".equals(separator) || "".equals(separator) || args.isEmpty()) {
            return false; // a separate argument (or -xVALUE): picocli's own checks apply
        }
        if (arg.getValue() != null) {
            String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
            throw new ParameterException(command.commandLine(), "option '" + name + "' (" + arg.paramLabel()
                    + ") should be specified only once");
        }
        arg.setValue(args.pop());
        return true;
    }
}
