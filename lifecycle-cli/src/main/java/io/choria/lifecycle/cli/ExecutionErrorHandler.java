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
        PrintWriter err = cmd.getErr();
        err.println("error: " + ErrorLine.of(ex));
        err.flush();
        if (debugRequested(cmd)) {
            // the stack trace only on request, for bug reports
            Logger log = LoggerFactory.getLogger(ExecutionErrorHandler.class);
            log.info("failure details", ex);
        }
        return 1;
    }

    private static boolean debugRequested(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return c.getCommand() instanceof ChoriaLifecycle root && root.debug();
    }
}
