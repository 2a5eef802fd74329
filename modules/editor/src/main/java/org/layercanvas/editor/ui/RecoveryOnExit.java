package org.layercanvas.editor.ui;

import org.openide.modules.OnStop;
import org.openide.windows.TopComponent;

/**
 * A clean exit (the user saved or discarded every change when asked) leaves no recovery files:
 * the window system does not close editors at exit, so their {@code componentClosed} never runs.
 */
@OnStop
public final class RecoveryOnExit implements Runnable {
    @Override
    public void run() {
        for (TopComponent tc : TopComponent.getRegistry().getOpened()) {
            if (tc instanceof NetworkEditorTopComponent editor) {
                editor.closedCleanly();
            }
        }
    }
}
