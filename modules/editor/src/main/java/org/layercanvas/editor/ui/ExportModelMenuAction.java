package org.layercanvas.editor.ui;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;

/** File ▸ Export Model…: the editor's Export… for the project being edited (the active editor, or the only one open). */
@ActionID(category = "File", id = "org.layercanvas.editor.ui.ExportModel")
@ActionRegistration(displayName = "#CTL_ExportModel")
@ActionReference(path = "Menu/File", position = 40)
@Messages("CTL_ExportModel=Export Model...")
public final class ExportModelMenuAction implements ActionListener {
    @Override
    public void actionPerformed(ActionEvent e) {
        NetworkEditorTopComponent editor = NetworkEditorTopComponent.forMenu();
        if (editor == null) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Open a project (and click into its editor) to export its network."));
            return;
        }
        ExportModelAction.show(editor, editor.file());
    }
}
