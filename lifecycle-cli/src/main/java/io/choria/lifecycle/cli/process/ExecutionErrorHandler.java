package io.choria.lifecycle.cli.process;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a command's failure as one {@code error: ...} line on stderr; exit code 1, or
 * {@value ConfigurationError#EXIT_CODE} for a {@link ConfigurationError}.
 */
public final class ExecutionErrorHandler implements IExecutionExceptionHandler {
    private final Terminal terminal;

    public ExecutionErrorHandler(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = Processes.topOf(cmd).getErr(); // the root's: a command added late may not share the setting
        err.println("error: " + ErrorLine.of(ex));
        err.flush();
        if (debugRequested(cmd)) {
            // the stack trace only on request, for bug reports
            Logger log = LoggerFactory.getLogger(ExecutionErrorHandler.class);
            log.debug("failure details", ex);
        }
        return ex instanceof ConfigurationError ? ConfigurationError.EXIT_CODE : 1;
    }

    private boolean debugRequested(CommandLine cmd) {
        return terminal.debugRequested() || cmd.getCommand() instanceof DebugSwitch own && own.debug();
    }
}
