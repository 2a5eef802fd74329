package org.layercanvas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.NoSuchFileException;
import org.layercanvas.engine.compile.GraphException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.train.TrainingDiverged;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one clear message on stderr. Problems with what the user gave us (files,
 * projects, data, options) exit with 2; training that diverged exits with 3; anything else is a bug
 * and exits with 1. {@code --verbose} adds the stack trace.
 */
public final class UserErrors implements IExecutionExceptionHandler {
    public static final int BAD_INPUT = 2, DIVERGED = 3;
    private static final int MAX_LINES = 3;
    private static final int MAX_LINE = 400;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        if (e instanceof TrainingDiverged) {
            cli.getErr().println(bounded("layercanvas: " + e.getMessage()));
            if (verbose) {
                e.printStackTrace(cli.getErr());
            }
            return DIVERGED;
        }
        boolean userError = e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof GraphException || e instanceof IllegalStateException;
        String message = e instanceof NoSuchFileException ? "file not found: " + e.getMessage() : namingAFile(e.getMessage(), parsed);
        cli.getErr().println(bounded("layercanvas: " + (userError ? "" : "internal error: ") + message));
        if (verbose) {
            e.printStackTrace(cli.getErr());
        } else if (!userError) {
            cli.getErr().println("(run with --verbose for the stack trace)");
        }
        return userError ? BAD_INPUT : 1;
    }

    /**
     * {@code message} as is when it names a file (a path, or one of the files the command was given), else after the first of them (the
     * project, the model, the data): a check deep in training ("unknown loss 'hinge'") does not know which file it
     * came from, but the user must be told.
     */
    static String namingAFile(String message, ParseResult parsed) {
        ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        List<Path> files = new ArrayList<>();
        command.matchedPositionals().forEach(p -> addPaths(p.getValue(), files));
        command.matchedOptions().forEach(o -> addPaths(o.getValue(), files));
        String text = String.valueOf(message);
        boolean namesAFile = text.contains("/") || text.contains("\\")
                || files.stream().anyMatch(f -> f.getFileName() != null && text.contains(f.getFileName().toString()));
        if (files.isEmpty() || namesAFile) {
            return text;
        }
        return Quoted.path(files.get(0)) + ": " + text;
    }

    private static void addPaths(Object value, List<Path> files) {
        if (value instanceof Path p) {
            files.add(p);
        } else if (value instanceof List<?> l) {
            l.forEach(v -> addPaths(v, files));
        }
    }

    /**
     * The message as printed: at most {@link #MAX_LINES} lines of at most {@link #MAX_LINE} characters, control
     * characters escaped. Messages quote user data through {@link Quoted} already; this guards the terminal against
     * any that slips through (a library's message, a path) and keeps a long list of problems to its first lines.
     */
    static String bounded(String message) {
        List<String> lines = String.valueOf(message).lines().toList();
        boolean cut = lines.size() > MAX_LINES;
        List<String> kept = cut ? lines.subList(0, MAX_LINES - 1) : lines;
        StringBuilder out = new StringBuilder();
        for (String line : kept) {
            out.append(out.length() == 0 ? "" : System.lineSeparator()).append(Quoted.shown(line, MAX_LINE));
        }
        if (cut) {
            out.append(System.lineSeparator()).append("  … and ").append(lines.size() - kept.size()).append(" more lines (--verbose shows all)");
        }
        return out.toString();
    }
}
