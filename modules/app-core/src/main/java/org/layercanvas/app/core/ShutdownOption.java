package org.layercanvas.app.core;

import java.awt.EventQueue;
import java.util.Map;
import java.util.Set;
import org.netbeans.api.sendopts.CommandException;
import org.netbeans.spi.sendopts.Env;
import org.netbeans.spi.sendopts.Option;
import org.netbeans.spi.sendopts.OptionProcessor;
import org.openide.LifecycleManager;
import org.openide.util.lookup.ServiceProvider;

/**
 * {@code --shutdown}: closes a running LayerCanvas cleanly (window layout saved). Started again
 * with the same user directory, the launcher passes the option to the running instance, which is
 * how scripts and tests stop the application.
 */
@ServiceProvider(service = OptionProcessor.class)
public final class ShutdownOption extends OptionProcessor {
    private static final Option SHUTDOWN = Option.withoutArgument(Option.NO_SHORT_NAME, "shutdown");

    @Override
    protected Set<Option> getOptions() {
        return Set.of(SHUTDOWN);
    }

    @Override
    protected void process(Env env, Map<Option, String[]> values) throws CommandException {
        EventQueue.invokeLater(() -> LifecycleManager.getDefault().exit());
    }
}
