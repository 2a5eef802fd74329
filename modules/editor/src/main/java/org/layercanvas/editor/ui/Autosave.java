package org.layercanvas.editor.ui;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.swing.Timer;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.model.Recovery;
import org.layercanvas.engine.project.Project;
import org.openide.util.RequestProcessor;

/**
 * Keeps an editor's unsaved edits in its project's {@link Recovery} file: every interval (30 s, or
 * the system property {@value #INTERVAL_PROPERTY} in seconds) when the project changed since the
 * last time. The timer only takes the (immutable) project on the event thread; one background
 * thread writes and deletes, in order, so a write still running never brings back a deleted file.
 */
final class Autosave {
    static final String INTERVAL_PROPERTY = "layercanvas.autosave.seconds";
    private static final Logger LOG = Logger.getLogger(Autosave.class.getName());
    private static final RequestProcessor FILES = new RequestProcessor("LayerCanvas autosave", 1);

    private final ProjectDocument document;
    private final Recovery recovery;
    private final Timer timer;
    /** The project as the recovery file (or the saved file, when there is none) holds it. */
    private Project kept;

    Autosave(ProjectDocument document, Recovery recovery) {
        this.document = document;
        this.recovery = recovery;
        this.kept = document.project();
        int millis = (int) (1000 * Double.parseDouble(System.getProperty(INTERVAL_PROPERTY, "30")));
        this.timer = new Timer(millis, e -> tick());
    }

    void start() {
        timer.start();
    }

    void stop() {
        timer.stop();
    }

    private void tick() {
        Project now = document.project();
        if (now == kept) {
            return;
        }
        kept = now;
        if (document.isModified()) {
            FILES.post(() -> {
                try {
                    recovery.write(now);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not autosave to " + recovery.file(), e);
                }
            });
        } else {
            delete(); // edits undone back to the saved state: nothing left to recover
        }
    }

    /**
     * The project was saved, or its editor closed cleanly: the recovery file goes, before this
     * returns (at exit nothing would run a deletion left for later).
     */
    void discard() {
        kept = document.project();
        delete().waitFinished();
    }

    private RequestProcessor.Task delete() {
        return FILES.post(() -> {
            try {
                recovery.delete();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete " + recovery.file(), e);
            }
        });
    }
}
