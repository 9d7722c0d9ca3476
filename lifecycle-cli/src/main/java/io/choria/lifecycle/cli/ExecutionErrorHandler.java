package io.choria.lifecycle.cli;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Reports a command's failure as one {@code error: ...} line on stderr; exit code 1. */
final class ExecutionErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = ChoriaLifecycle.topOf(cmd).getErr(); // the root's: a command added late may not share the setting
        err.println("error: " + ErrorLine.of(ex));
        err.flush();
        if (debugRequested(cmd)) {
            // the stack trace only on request, for bug reports
            Logger log = LoggerFactory.getLogger(ExecutionErrorHandler.class);
            log.debug("failure details", ex);
        }
        return 1;
    }

    private static boolean debugRequested(CommandLine cmd) {
        return ChoriaLifecycle.topOf(cmd).getCommand() instanceof ChoriaLifecycle root && root.debug()
                || cmd.getCommand() instanceof TallyCommand tally && tally.debug;
    }
}
