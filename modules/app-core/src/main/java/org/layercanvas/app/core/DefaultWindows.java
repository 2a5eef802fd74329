package org.layercanvas.app.core;

import java.util.prefs.Preferences;
import org.openide.util.NbPreferences;
import org.openide.windows.OnShowing;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;

/**
 * Opens the Properties window (docked in its "properties" mode, right of the editors, below the
 * palette) the first time the application starts with a user folder. The platform keeps it closed
 * by default; from then on the saved window layout decides, so a user who closes it keeps it closed.
 */
@OnShowing
public final class DefaultWindows implements Runnable {
    private static final String DONE = "propertiesOpenedOnce";

    @Override
    public void run() {
        Preferences prefs = NbPreferences.forModule(DefaultWindows.class);
        if (prefs.getBoolean(DONE, false)) {
            return;
        }
        TopComponent properties = WindowManager.getDefault().findTopComponent("properties");
        if (properties != null) {
            properties.open();
        }
        prefs.putBoolean(DONE, true);
    }
}
