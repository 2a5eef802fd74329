package org.layercanvas.cli;

import picocli.CommandLine;

/** Entry point of the {@code layercanvas} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 internal error, 2 bad input or a refused action, 3 training diverged. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new LayerCanvasCommand());
        cli.setExecutionExceptionHandler(new UserErrors());
        cli.setExecutionStrategy(parsed -> {
            if (!PluginLoading.load(parsed, cli.getErr())) {
                return UserErrors.BAD_INPUT;
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli.execute(args);
    }
}
