package org.layercanvas.editor.ui;

import java.beans.PropertyChangeListener;
import org.layercanvas.engine.spi.Extensions;
import org.openide.modules.ModuleInfo;
import org.openide.modules.OnStart;
import org.openide.util.Lookup;
import org.openide.util.RequestProcessor;

/**
 * Makes the engine find its services (layer types, readers, exporters, adapters) in every enabled
 * module: LayerCanvas's own and plugins installed through Tools ▸ Plugins, now and after each module
 * is installed, enabled or disabled. The module system keeps one class loader and adds modules to it,
 * so the change shows as modules appearing or switching on, not as a new loader.
 */
@OnStart
public final class InstalledPlugins implements Runnable {
    /** One rebuild for a batch of modules switching on together. */
    private static final RequestProcessor.Task RESCAN = new RequestProcessor(InstalledPlugins.class).create(InstalledPlugins::useModulesLoader);
    private static final PropertyChangeListener ENABLED = e -> {
        if (ModuleInfo.PROP_ENABLED.equals(e.getPropertyName())) {
            RESCAN.schedule(200);
        }
    };
    private static Lookup.Result<ModuleInfo> modules;

    @Override
    public void run() {
        follow();
    }

    /** Starts following the modules, once; editors call it before they read a registry. */
    static synchronized void follow() {
        if (modules == null) {
            modules = Lookup.getDefault().lookupResult(ModuleInfo.class);
            modules.addLookupListener(e -> {
                watchEnabled();
                RESCAN.schedule(200);
            });
            watchEnabled();
            useModulesLoader(); // now, once: no second rebuild of every registry during start-up
        }
    }

    private static void watchEnabled() {
        for (ModuleInfo m : modules.allInstances()) {
            m.removePropertyChangeListener(ENABLED);
            m.addPropertyChangeListener(ENABLED);
        }
    }

    private static void useModulesLoader() {
        ClassLoader loader = Lookup.getDefault().lookup(ClassLoader.class);
        if (loader != null) {
            Extensions.use(loader);
        }
    }
}
