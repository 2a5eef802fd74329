package org.layercanvas.editor.ui;

import java.awt.Point;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.swing.JMenu;
import javax.swing.JMenuItem;
import javax.swing.JPopupMenu;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.spi.LayerType;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;

/**
 * Right-click menus: on a layer (Delete, Duplicate, Disconnect, Rename id, Properties, Help), on a
 * connection (Delete) and on the empty canvas (Add layer by category, Paste, Layout, Fit). Each
 * item does what the matching key or toolbar button does.
 */
final class ContextMenus implements NetworkScene.Menus {
    private final NetworkEditorTopComponent editor;

    ContextMenus(NetworkEditorTopComponent editor) {
        this.editor = editor;
    }

    private ProjectDocument document() {
        return editor.document();
    }

    @Override
    public JPopupMenu node(String id) {
        JPopupMenu menu = new JPopupMenu();
        menu.add(item("Delete", () -> editor.scene().deleteSelection()));
        menu.add(item("Duplicate", () -> editor.scene().duplicateSelection()));
        List<Edge> edges = document().network().edges().stream().filter(e -> e.from().equals(id) || e.to().equals(id)).toList();
        JMenuItem disconnect = item("Disconnect", () -> document().remove(java.util.Set.of(), java.util.Set.copyOf(edges)));
        disconnect.setEnabled(!edges.isEmpty());
        menu.add(disconnect);
        menu.add(item("Rename Id...", () -> rename(id)));
        menu.addSeparator();
        menu.add(item("Properties", NetworkEditorTopComponent::openProperties));
        menu.add(item("Help on " + document().network().node(id).map(n -> n.type()).orElse("?"), () -> help(id)));
        return menu;
    }

    @Override
    public JPopupMenu edge(Edge edge) {
        JPopupMenu menu = new JPopupMenu();
        menu.add(item("Delete Connection " + edge.from() + " → " + edge.to(), () -> document().disconnect(edge)));
        return menu;
    }

    @Override
    public JPopupMenu canvas(Point at) {
        JPopupMenu menu = new JPopupMenu();
        JMenu add = new JMenu("Add Layer");
        Map<String, List<LayerType>> byCategory = new TreeMap<>();
        document().registry().all().forEach(t -> byCategory.computeIfAbsent(t.category(), k -> new java.util.ArrayList<>()).add(t));
        byCategory.forEach((category, types) -> {
            JMenu sub = new JMenu(category);
            for (LayerType t : types) {
                JMenuItem i = item(t.name(), () -> editor.scene().setSelectedObjects(Set.of(document().addNode(t.name(), at.x, at.y))));
                i.setToolTipText(t.description());
                sub.add(i);
            }
            add.add(sub);
        });
        menu.add(add);
        JMenuItem paste = item("Paste", () -> editor.scene().paste());
        paste.setEnabled(editor.scene().canPaste());
        menu.add(paste);
        menu.addSeparator();
        menu.add(item("Layout", () -> editor.scene().layout()));
        menu.add(item("Fit", () -> editor.scene().fitToView()));
        menu.add(item("Training and Data Settings", editor::showSettings));
        return menu;
    }

    private void rename(String id) {
        NotifyDescriptor.InputLine ask = new NotifyDescriptor.InputLine("New id:", "Rename '" + id + "'");
        ask.setInputText(id);
        if (DialogDisplayer.getDefault().notify(ask) == NotifyDescriptor.OK_OPTION) {
            document().renameNode(id, ask.getInputText().trim());
            editor.scene().setSelectedObjects(Set.of(ask.getInputText().trim()));
        }
    }

    private void help(String id) {
        document().network().node(id).flatMap(n -> document().registry().find(n.type()))
                .ifPresent(org.layercanvas.editor.help.LayerReferenceAction::show);
    }

    /** A menu item whose refused edit is explained in a dialog. */
    private static JMenuItem item(String text, Runnable run) {
        JMenuItem i = new JMenuItem(text);
        i.addActionListener(e -> UserEdits.run(run));
        return i;
    }
}
