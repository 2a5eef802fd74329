package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.workbench.DesignDiff;
import org.layercanvas.workbench.DesignDiff.Change;
import org.openide.windows.TopComponent;

/**
 * Two designs side by side, the one compared with on the left and the editor's on the right, one network of each (the
 * editor's network, by name): layers and connections removed are marked red on the left, added green on the right,
 * changed orange on both, and those whose shape or parameter count changed as a consequence yellow; under them the list
 * of every change ({@link DesignDiff}), settings included. Picking a change shows its layer on both sides. Both canvases
 * are for looking: nothing here edits either design.
 */
final class DesignComparison extends TopComponent {
    static final Color REMOVED = new Color(0xE5, 0x39, 0x35, 0xB0), ADDED = new Color(0x43, 0xA0, 0x47, 0xB0),
            CHANGED = new Color(0xFB, 0x8C, 0x00, 0xB0), CONSEQUENCE = new Color(0xFD, 0xD8, 0x35, 0xB0);
    private final NetworkScene before, after;
    final JList<String> changes;
    private final List<Change> listed;

    /**
     * @param other      the design compared with, and where it comes from ("saved on disk", a file, a run)
     * @param current    the editor's design as it is now
     * @param network    the network both sides show (the other side's first network when it has none of that name)
     */
    DesignComparison(Project other, String otherSource, Project current, String currentSource, String network, LayerRegistry registry) {
        DesignDiff diff = DesignDiff.between(other, current, registry);
        listed = diff.changes();
        setName("Compare " + otherSource + " with " + currentSource);
        setDisplayName("Compare: " + currentSource);
        setToolTipText(otherSource + " → " + currentSource);
        before = NetworkScene.viewOnly(document(other, network, registry));
        after = NetworkScene.viewOnly(document(current, network, registry));
        String shown = after.document().networkName();
        before.mark(marks(diff, shown, true, before.document().network()));
        after.mark(marks(diff, shown, false, after.document().network()));
        changes = new JList<>(listed.stream().map(Change::describe).toArray(String[]::new));
        changes.setName("compare.changes");
        changes.addListSelectionListener(e -> reveal(changes.getSelectedIndex()));
        setLayout(new BorderLayout());
        JSplitPane sides = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, side(before, "Before: " + otherSource, "compare.before"),
                side(after, "After: " + currentSource, "compare.after"));
        sides.setResizeWeight(0.5);
        JPanel bottom = new JPanel(new BorderLayout());
        bottom.add(legend(diff), BorderLayout.NORTH);
        JScrollPane list = new JScrollPane(changes);
        list.setPreferredSize(new java.awt.Dimension(400, 160));
        bottom.add(list, BorderLayout.CENTER);
        JSplitPane all = new JSplitPane(JSplitPane.VERTICAL_SPLIT, sides, bottom);
        all.setResizeWeight(0.75);
        add(all, BorderLayout.CENTER);
    }

    private static ProjectDocument document(Project p, String network, LayerRegistry registry) {
        ProjectDocument d = new ProjectDocument(p, registry);
        if (p.network(network).isPresent()) {
            d.showNetwork(network);
        }
        return d;
    }

    private static JPanel side(NetworkScene scene, String title, String name) {
        JPanel panel = new JPanel(new BorderLayout());
        panel.setBorder(BorderFactory.createTitledBorder(title));
        javax.swing.JComponent view = scene.createView();
        view.setName(name);
        panel.add(new JScrollPane(view), BorderLayout.CENTER);
        // the whole network fits its side, and fits again when the window is resized (maximised, docked elsewhere)
        view.getParent().addComponentListener(new java.awt.event.ComponentAdapter() {
            @Override
            public void componentResized(java.awt.event.ComponentEvent e) {
                java.awt.EventQueue.invokeLater(scene::fitToView);
            }
        });
        return panel;
    }

    private JPanel legend(DesignDiff diff) {
        JPanel legend = new JPanel(new FlowLayout(FlowLayout.LEFT));
        JLabel count = new JLabel(diff.same() ? "The designs are the same." : listed.size() + (listed.size() == 1 ? " change" : " changes") + ":");
        count.setName("compare.summary");
        legend.add(count);
        legend.add(swatch("removed", REMOVED));
        legend.add(swatch("added", ADDED));
        legend.add(swatch("changed", CHANGED));
        legend.add(swatch("shape or parameter count changed", CONSEQUENCE));
        return legend;
    }

    private static JLabel swatch(String text, Color c) {
        JLabel l = new JLabel(text);
        l.setOpaque(true);
        l.setBackground(c);
        l.setBorder(BorderFactory.createEmptyBorder(2, 6, 2, 6));
        return l;
    }

    /**
     * The colours of one side: on the old side ({@code old}) what was removed, on the new side what was added, changes and
     * consequences on both. A node changed and reshaped keeps the stronger colour, changed.
     */
    static Map<Object, Color> marks(DesignDiff diff, String network, boolean old, org.layercanvas.engine.api.Network shown) {
        Map<Object, Color> marks = new HashMap<>();
        Map<String, Edge> edges = new HashMap<>();
        shown.edges().forEach(e -> edges.put(DesignDiff.edgeName(e), e));
        for (Change c : diff.changes()) {
            if (!network.equals(c.network())) {
                continue;
            }
            boolean node = shown.node(c.subject()).isPresent(); // not "the network", whose parameter total a change may name
            switch (c.kind()) {
                case NODE_REMOVED -> put(marks, old && node, c.subject(), REMOVED, true);
                case NODE_ADDED -> put(marks, !old && node, c.subject(), ADDED, true);
                case NODE_CHANGED -> put(marks, node, c.subject(), CHANGED, true);
                case SHAPE_CHANGED, PARAMETERS_CHANGED -> put(marks, node, c.subject(), CONSEQUENCE, false);
                case EDGE_REMOVED -> {
                    if (old && edges.containsKey(c.subject())) {
                        marks.put(edges.get(c.subject()), REMOVED);
                    }
                }
                case EDGE_ADDED -> {
                    if (!old && edges.containsKey(c.subject())) {
                        marks.put(edges.get(c.subject()), ADDED);
                    }
                }
                default -> { } // settings and whole networks: in the list only
            }
        }
        return marks;
    }

    private static void put(Map<Object, Color> marks, boolean onThisSide, String node, Color c, boolean overrides) {
        if (onThisSide && (overrides || !marks.containsKey(node))) {
            marks.put(node, c);
        }
    }

    /** Selects and scrolls to the layer a change is about, on each side that has it. */
    private void reveal(int index) {
        if (index < 0) {
            return;
        }
        String subject = listed.get(index).subject();
        for (NetworkScene scene : List.of(before, after)) {
            boolean has = scene.getNodes().contains(subject);
            scene.setSelectedObjects(has ? java.util.Set.of(subject) : java.util.Set.of());
            if (has) {
                scene.scrollTo(subject);
            }
            scene.validate();
        }
    }

    @Override
    public int getPersistenceType() {
        return PERSISTENCE_NEVER;
    }
}
