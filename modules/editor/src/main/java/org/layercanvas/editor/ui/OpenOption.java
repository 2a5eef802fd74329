package org.layercanvas.editor.ui;

import java.awt.EventQueue;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.netbeans.api.sendopts.CommandException;
import org.netbeans.spi.sendopts.Env;
import org.netbeans.spi.sendopts.Option;
import org.netbeans.spi.sendopts.OptionProcessor;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.lookup.ServiceProvider;

/** {@code layercanvas --open FILE…}: opens project files from the command line (or a second launch). */
@ServiceProvider(service = OptionProcessor.class)
public final class OpenOption extends OptionProcessor {
    private static final Option OPEN = Option.additionalArguments(Option.NO_SHORT_NAME, "open");

    @Override
    protected Set<Option> getOptions() {
        return Set.of(OPEN);
    }

    @Override
    protected void process(Env env, Map<Option, String[]> values) throws CommandException {
        File cwd = env.getCurrentDirectory();
        for (String name : values.get(OPEN)) {
            Path file = cwd.toPath().resolve(name);
            EventQueue.invokeLater(() -> {
                try {
                    ProjectFilesActions.open(file);
                } catch (java.io.IOException e) {
                    DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot open " + file + ":\n" + e.getMessage(),
                            NotifyDescriptor.ERROR_MESSAGE));
                }
            });
        }
    }
}
