package org.layercanvas.editor.ui;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.util.function.Consumer;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;

/** The Project menu: the editor's project-wide commands for the project being edited. */
@Messages({"CTL_TrainingSettings=Training and Data Settings...", "CTL_TrainProject=Train", "CTL_LayoutNetwork=Layout", "CTL_FitNetwork=Fit to Window"})
public final class ProjectMenuActions {
    private ProjectMenuActions() {
    }

    private static void onEditor(Consumer<NetworkEditorTopComponent> command) {
        NetworkEditorTopComponent editor = NetworkEditorTopComponent.forMenu();
        if (editor == null) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Open a project (and click into its editor) first."));
            return;
        }
        command.accept(editor);
    }

    @ActionID(category = "Project", id = "org.layercanvas.editor.ui.TrainingSettings")
    @ActionRegistration(displayName = "#CTL_TrainingSettings")
    @ActionReference(path = "Menu/Project", position = 10)
    public static final class TrainingSettings implements ActionListener {
        @Override
        public void actionPerformed(ActionEvent e) {
            onEditor(editor -> {
                editor.scene().setSelectedObjects(java.util.Set.of());
                editor.showSettings();
                NetworkEditorTopComponent.openProperties();
            });
        }
    }

    @ActionID(category = "Project", id = "org.layercanvas.editor.ui.TrainProject")
    @ActionRegistration(displayName = "#CTL_TrainProject")
    @ActionReference(path = "Menu/Project", position = 20)
    public static final class Train implements ActionListener {
        @Override
        public void actionPerformed(ActionEvent e) {
            onEditor(TrainAction::train);
        }
    }

    @ActionID(category = "Project", id = "org.layercanvas.editor.ui.LayoutNetwork")
    @ActionRegistration(displayName = "#CTL_LayoutNetwork")
    @ActionReference(path = "Menu/Project", position = 30)
    public static final class Layout implements ActionListener {
        @Override
        public void actionPerformed(ActionEvent e) {
            onEditor(editor -> editor.scene().layout());
        }
    }

    @ActionID(category = "Project", id = "org.layercanvas.editor.ui.FitNetwork")
    @ActionRegistration(displayName = "#CTL_FitNetwork")
    @ActionReference(path = "Menu/Project", position = 40)
    public static final class Fit implements ActionListener {
        @Override
        public void actionPerformed(ActionEvent e) {
            onEditor(editor -> editor.scene().fitToView());
        }
    }
}
