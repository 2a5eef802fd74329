package org.layercanvas.cli;

import picocli.CommandLine.Command;

/** The top-level {@code layercanvas} command; the work is in its subcommands. */
@Command(name = "layercanvas", mixinStandardHelpOptions = true, version = "LayerCanvas 1.0",
        description = "Make, train, evaluate, export, import, script, sweep and benchmark LayerCanvas projects without the application.",
        subcommands = {NewCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ImportCommand.class, RunCommand.class, SweepCommand.class, DevicesCommand.class, BenchCommand.class})
final class LayerCanvasCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
