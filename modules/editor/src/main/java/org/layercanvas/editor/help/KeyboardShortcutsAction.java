package org.layercanvas.editor.help;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;

/** Help ▸ Keyboard Shortcuts: the keys and mouse gestures of the canvas editor on one page. */
@ActionID(category = "Help", id = "org.layercanvas.editor.help.KeyboardShortcutsAction")
@ActionRegistration(displayName = "#CTL_KeyboardShortcuts")
@ActionReference(path = "Menu/Help", position = 110)
@Messages("CTL_KeyboardShortcuts=Keyboard Shortcuts")
public final class KeyboardShortcutsAction implements ActionListener {
    /** Key, then what it does; the editor module binds them (scene actions and the platform's Edit actions). */
    static final String[][] SHORTCUTS = {
        {"Delete / Backspace", "delete the selected layers and connections"},
        {"Ctrl+Z", "undo"},
        {"Ctrl+Y / Ctrl+Shift+Z", "redo"},
        {"Ctrl+S", "save"},
        {"Ctrl+Shift+S", "save as"},
        {"Ctrl+A", "select all"},
        {"Ctrl+C / Ctrl+X / Ctrl+V", "copy / cut / paste"},
        {"Ctrl+D", "duplicate the selection"},
        {"F", "fit the graph to the window"},
        {"Ctrl+mouse wheel", "zoom around the pointer"},
        {"middle-button drag", "pan"},
        {"drag on the empty canvas", "select the layers in a rectangle"},
        {"right-click", "context menu of a layer, a connection or the canvas"},
        {"Ctrl+F", "search the palette"},
        {"Escape", "cancel a connection drag"},
    };

    @Override
    public void actionPerformed(ActionEvent e) {
        HelpWindows.show(Bundle.CTL_KeyboardShortcuts(), html(), 520, 440);
    }

    static String html() {
        StringBuilder b = new StringBuilder("<html><body style='font-family:sans-serif;margin:8px'><table cellpadding='4'>");
        for (String[] s : SHORTCUTS) {
            b.append("<tr><td><b>").append(s[0]).append("</b></td><td>").append(s[1]).append("</td></tr>");
        }
        return b.append("</table></body></html>").toString();
    }
}
