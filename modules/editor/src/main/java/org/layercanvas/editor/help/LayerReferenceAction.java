package org.layercanvas.editor.help;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import org.layercanvas.engine.spi.LayerRegistry;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;

/** Help ▸ Layer Reference: every registered layer type (plugins included) with its parameters. */
@ActionID(category = "Help", id = "org.layercanvas.editor.help.LayerReferenceAction")
@ActionRegistration(displayName = "#CTL_LayerReference")
@ActionReference(path = "Menu/Help", position = 100)
@Messages("CTL_LayerReference=Layer Reference")
public final class LayerReferenceAction implements ActionListener {
    @Override
    public void actionPerformed(ActionEvent e) {
        HelpWindows.show(Bundle.CTL_LayerReference(), LayerReference.html(LayerRegistry.standard().all()), 760, 640);
    }

    /** The reference of one layer type (a layer's context menu ▸ Help). */
    public static void show(org.layercanvas.engine.spi.LayerType type) {
        HelpWindows.show(type.name(), LayerReference.html(java.util.List.of(type)), 620, 460);
    }
}
