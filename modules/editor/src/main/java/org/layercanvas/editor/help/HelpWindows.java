package org.layercanvas.editor.help;

import java.awt.Dimension;
import javax.swing.JEditorPane;
import javax.swing.JScrollPane;
import javax.swing.event.HyperlinkEvent;
import org.openide.DialogDescriptor;
import org.openide.DialogDisplayer;

/** Shows a help text in a non-modal dialog, so it can stay open beside the canvas. */
final class HelpWindows {
    private HelpWindows() {
    }

    static void show(String title, String html, int width, int height) {
        JEditorPane text = new JEditorPane("text/html", html);
        text.setEditable(false);
        text.setCaretPosition(0);
        // in-page links (#Dense) jump within the text
        text.addHyperlinkListener(e -> {
            if (e.getEventType() == HyperlinkEvent.EventType.ACTIVATED && e.getDescription().startsWith("#")) {
                text.scrollToReference(e.getDescription().substring(1));
            }
        });
        JScrollPane scroll = new JScrollPane(text);
        scroll.setPreferredSize(new Dimension(width, height));
        DialogDescriptor d = new DialogDescriptor(scroll, title, false, new Object[] {DialogDescriptor.CLOSED_OPTION},
                DialogDescriptor.CLOSED_OPTION, DialogDescriptor.DEFAULT_ALIGN, null, null);
        DialogDisplayer.getDefault().createDialog(d).setVisible(true);
    }
}
