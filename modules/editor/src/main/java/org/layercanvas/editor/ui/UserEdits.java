package org.layercanvas.editor.ui;

import java.beans.PropertyEditor;
import java.beans.PropertyEditorSupport;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.Exceptions;

/**
 * How an edit the document refuses reaches the user: the document throws IllegalArgumentException
 * with the reason, and every key, menu item, button and property shows that reason instead of losing it.
 */
final class UserEdits {
    private UserEdits() {
    }

    /** Runs an edit from a key, a menu or a button; a refusal is shown in a warning. */
    static void run(Runnable edit) {
        try {
            edit.run();
        } catch (IllegalArgumentException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message(e.getMessage(), NotifyDescriptor.WARNING_MESSAGE));
        }
    }

    /** A refusal as a property sheet expects it: the sheet shows the attached message under the value. */
    static InvocationTargetException refused(RuntimeException e) {
        Exceptions.attachLocalizedMessage(e, e.getMessage());
        return new InvocationTargetException(e, e.getMessage());
    }

    /** A property editor offering exactly {@code choices}. */
    static PropertyEditor choices(List<String> choices) {
        return new PropertyEditorSupport() {
            @Override
            public String[] getTags() {
                return choices.toArray(new String[0]);
            }
        };
    }
}
