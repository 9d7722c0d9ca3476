package io.choria.lifecycle.cli.process;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Reports a usage error as one {@code error: ...} line plus a hint where to find help; exit code 2. */
public final class UsageErrorHandler implements IParameterExceptionHandler {
    /** The exit code of a usage error (bad flags, unknown command). */
    public static final int EXIT_USAGE = 2;


    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = Processes.topOf(cmd).getErr();
        err.println("error: " + ErrorLine.of(ex) + suggestions(ex));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /** picocli's "did you mean" for a mistyped command or flag, folded into the same line. */
    private static String suggestions(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> candidates = unmatched.getSuggestions();
            if (!candidates.isEmpty()) {
                return " (did you mean " + String.join(" or ", candidates) + "?)";
            }
        }
        return "";
    }
}
