package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line on stderr and an exit code: 1 for configuration and usage
 * problems (the user can fix the input), 2 for anything else. Stack traces only with {@code WST_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    private final Io io;

    ErrorHandler(Io io) {
        this.io = io;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        boolean config = ex instanceof ConfigException
                || ex instanceof CommandLine.ParameterException
                // a run that does not exist, a database that is locked, damaged or newer: the user can act on it
                || (ex instanceof io.github.wstoolkit.history.HistoryException h && HistoryDb.isUsage(h));
        io.err().println("wst: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        if ("1".equals(io.env().get("WST_DEBUG"))) {
            ex.printStackTrace(io.err());
        }
        return config ? 1 : 2;
    }
}
