package org.layercanvas.editor.ui;

import java.util.List;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JPopupMenu;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.api.Network;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;

/**
 * Which network of the project the canvas shows (a GAN's generator and discriminator, an
 * autoencoder's parts), and adding, renaming and deleting networks. Train, Export and Problems
 * follow the network shown.
 */
final class NetworkSwitcher {
    private final NetworkEditorTopComponent editor;
    private final DefaultComboBoxModel<String> names = new DefaultComboBoxModel<>();
    private final JComboBox<String> combo = new JComboBox<>(names);
    private boolean updating;

    NetworkSwitcher(NetworkEditorTopComponent editor) {
        this.editor = editor;
        combo.setToolTipText("The network shown on the canvas");
        combo.addActionListener(e -> {
            if (!updating && combo.getSelectedItem() instanceof String name) {
                document().showNetwork(name);
                editor.scene().fitToView();
            }
        });
    }

    private ProjectDocument document() {
        return editor.document();
    }

    JComboBox<String> combo() {
        return combo;
    }

    JButton menuButton() {
        JButton button = new JButton("Networks ▾");
        button.setToolTipText("Add, rename or delete a network of this project");
        button.addActionListener(e -> {
            JPopupMenu menu = new JPopupMenu();
            menu.add("Add Network...").addActionListener(a -> ask("Name of the new network:", "Add Network", "", document()::addNetwork));
            menu.add("Rename '" + document().networkName() + "'...").addActionListener(a ->
                    ask("New name:", "Rename Network", document().networkName(), document()::renameNetwork));
            menu.add("Delete '" + document().networkName() + "'").addActionListener(a -> delete());
            menu.show(button, 0, button.getHeight());
        });
        return button;
    }

    /** The combo lists the project's networks and shows the current one. */
    void refresh() {
        List<String> now = document().project().networks().stream().map(Network::name).toList();
        updating = true;
        try {
            boolean same = names.getSize() == now.size();
            for (int i = 0; same && i < now.size(); i++) {
                same = now.get(i).equals(names.getElementAt(i));
            }
            if (!same) {
                names.removeAllElements();
                now.forEach(names::addElement);
            }
            names.setSelectedItem(document().networkName());
        } finally {
            updating = false;
        }
    }

    private void delete() {
        if (DialogDisplayer.getDefault().notify(new NotifyDescriptor.Confirmation("Delete the network '" + document().networkName()
                + "' and its layers? (Edit ▸ Undo brings it back)", "Delete Network", NotifyDescriptor.YES_NO_OPTION)) == NotifyDescriptor.YES_OPTION) {
            UserEdits.run(document()::deleteNetwork);
        }
    }

    private static void ask(String label, String title, String initial, java.util.function.Consumer<String> then) {
        NotifyDescriptor.InputLine line = new NotifyDescriptor.InputLine(label, title);
        line.setInputText(initial);
        if (DialogDisplayer.getDefault().notify(line) == NotifyDescriptor.OK_OPTION) {
            UserEdits.run(() -> then.accept(line.getInputText().trim()));
        }
    }
}
