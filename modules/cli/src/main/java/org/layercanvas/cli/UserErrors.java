package org.layercanvas.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.layercanvas.engine.compile.GraphException;
import org.layercanvas.engine.train.TrainingDiverged;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one clear message on stderr. Problems with what the user gave us (files,
 * projects, data, options) exit with 2; training that diverged exits with 3; anything else is a bug
 * and exits with 1. {@code --verbose} adds the stack trace.
 */
final class UserErrors implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2, DIVERGED = 3;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        if (e instanceof TrainingDiverged) {
            cli.getErr().println("layercanvas: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(cli.getErr());
            }
            return DIVERGED;
        }
        boolean userError = e instanceof IOException || e instanceof IllegalArgumentException
                || e instanceof GraphException || e instanceof IllegalStateException;
        String message = e instanceof NoSuchFileException ? "file not found: " + e.getMessage() : e.getMessage();
        cli.getErr().println("layercanvas: " + (userError ? "" : "internal error: ") + message);
        if (verbose) {
            e.printStackTrace(cli.getErr());
        } else if (!userError) {
            cli.getErr().println("(run with --verbose for the stack trace)");
        }
        return userError ? BAD_INPUT : 1;
    }
}
