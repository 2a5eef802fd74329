package org.layercanvas.editor.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.layercanvas.editor.model.Recovery;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;

/** On opening a project that a crash left unsaved edits of: Recover or Discard them. */
final class RecoveryOffer {
    static final String RECOVER = "Recover", DISCARD = "Discard";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm:ss 'on' d MMM yyyy", Locale.ENGLISH);

    private RecoveryOffer() {
    }

    /**
     * The recovery file to read when a crash left one and the user takes it; empty to open the file
     * as saved. Only Discard deletes the edits: closing the dialog recovers them, so nothing is lost
     * by accident. Reading the file is left to the caller, off the event thread.
     */
    static Optional<Recovery> ask(Path file) {
        Recovery recovery = new Recovery(file);
        try {
            Optional<FileTime> pending = recovery.pending();
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            String when = WHEN.format(pending.get().toInstant().atZone(ZoneId.systemDefault()));
            NotifyDescriptor offer = new NotifyDescriptor("<html>LayerCanvas did not close cleanly while <b>" + file.getFileName()
                    + "</b> had unsaved changes.<br>They were saved automatically at " + when + ".<br><br>"
                    + "Recover them (they stay unsaved until you save), or discard them and open the file as last saved?</html>",
                    "Recover Unsaved Changes", NotifyDescriptor.DEFAULT_OPTION, NotifyDescriptor.QUESTION_MESSAGE,
                    new Object[]{RECOVER, DISCARD}, RECOVER);
            if (DialogDisplayer.getDefault().notify(offer) == DISCARD) {
                recovery.delete();
                return Optional.empty();
            }
            return Optional.of(recovery);
        } catch (IOException e) {
            couldNotRecover(recovery, e);
            return Optional.empty();
        }
    }

    static void couldNotRecover(Recovery recovery, IOException e) {
        DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not recover the unsaved changes from "
                + recovery.file() + ":\n" + e.getMessage(), NotifyDescriptor.WARNING_MESSAGE));
    }
}
