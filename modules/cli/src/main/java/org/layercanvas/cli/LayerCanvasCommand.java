package org.layercanvas.cli;

import picocli.CommandLine.Command;

/** The top-level {@code layercanvas} command; the work is in its subcommands. */
@Command(name = "layercanvas", mixinStandardHelpOptions = true, version = "LayerCanvas 1.0",
        description = "Make, train, evaluate, export, import, script, sweep and benchmark LayerCanvas projects without the application.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:success", "1:internal error (a bug)", "2:bad input or a refused action (the message names the file, line or node)",
                "3:training diverged (the loss became NaN or infinite)"},
        subcommands = {NewCommand.class, DataCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ImportCommand.class, DiffCommand.class, StepCommand.class, RunCommand.class, SweepCommand.class, DevicesCommand.class, BenchCommand.class, PluginsCommand.class})
final class LayerCanvasCommand implements Runnable {
    /** Read by {@link PluginLoading} from whichever command it was given to. */
    @picocli.CommandLine.Option(names = "--plugins", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "Also load the plugin jars in DIR (or the jar DIR itself), besides ~/.layercanvas/plugins; repeatable.")
    java.util.List<java.nio.file.Path> plugins;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
