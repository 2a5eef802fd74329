package org.layercanvas.app.core;

import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Window;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.swing.RepaintManager;
import org.layercanvas.formats.AtomicFiles;
import org.openide.modules.OnStart;

/**
 * For bench/cold-start.sh: with {@code -J-Dlayercanvas.firstPaintLog=FILE} the application writes
 * one line to FILE as soon as a project's canvas editor has been painted for the first time:
 * {@code painted <epoch ms> jvmStart <epoch ms> cpu <ms>}, cpu being the JVM's processor time
 * so far (which other load on the machine inflates far less than wall time). Without the property
 * it does nothing.
 *
 * <p>Swing paints through the {@link RepaintManager}: once a paint pass ends with an editor on
 * screen, that editor's pixels are there. The probe looks for the editor by class name because
 * the editor module exports no packages, and stops looking after the first hit.
 */
@OnStart
public final class FirstPaintProbe implements Runnable {
    static final String PROPERTY = "layercanvas.firstPaintLog";
    private static final String EDITOR = "org.layercanvas.editor.ui.NetworkEditorTopComponent";

    @Override
    public void run() {
        String log = System.getProperty(PROPERTY);
        if (log != null) {
            EventQueue.invokeLater(() -> RepaintManager.setCurrentManager(new Probe(Path.of(log))));
        }
    }

    private static final class Probe extends RepaintManager {
        private final Path log;
        private boolean done;

        Probe(Path log) {
            this.log = log;
        }

        @Override
        public void paintDirtyRegions() {
            super.paintDirtyRegions();
            if (!done && editorShowing()) {
                done = true;
                long now = System.currentTimeMillis();
                try {
                    long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
                    // whole or not at all: bench/cold-start.sh reads the file as soon as it is not empty
                    AtomicFiles.write(log, ("painted " + now + " jvmStart " + ManagementFactory.getRuntimeMXBean().getStartTime()
                            + " cpu " + cpu / 1_000_000 + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private static boolean editorShowing() {
            for (Window w : Window.getWindows()) {
                if (w.isShowing() && find(w)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean find(Component c) {
            if (c.getClass().getName().equals(EDITOR)) {
                return c.isShowing() && c.getWidth() > 0;
            }
            if (c instanceof Container k) {
                for (Component child : k.getComponents()) {
                    if (find(child)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
