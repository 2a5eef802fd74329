package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.beans.PropertyChangeEvent;
import java.util.Set;
import javax.swing.DefaultListModel;
import javax.swing.JList;
import javax.swing.JScrollPane;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.validate.Problem;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.util.NbBundle.Messages;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;

/**
 * Every validation problem of the network being edited, one per line, naming its layer;
 * double-clicking a line selects that layer on the canvas.
 */
@ConvertAsProperties(dtd = "-//org.layercanvas.editor.ui//Problems//EN", autostore = false)
@TopComponent.Description(preferredID = ProblemsTopComponent.ID, persistenceType = TopComponent.PERSISTENCE_ALWAYS)
@TopComponent.Registration(mode = "output", openAtStartup = false)
@ActionID(category = "Window", id = "org.layercanvas.editor.ui.ProblemsTopComponent")
@ActionReference(path = "Menu/Window", position = 20)
@TopComponent.OpenActionRegistration(displayName = "#CTL_ProblemsAction", preferredID = ProblemsTopComponent.ID)
@Messages({"CTL_ProblemsAction=Problems", "CTL_ProblemsTopComponent=Problems"})
public final class ProblemsTopComponent extends TopComponent {
    static final String ID = "LayerCanvasProblems";
    private final DefaultListModel<Problem> problems = new DefaultListModel<>();
    private final JList<Problem> list = new JList<>(problems);
    private final javax.swing.JButton fix = new javax.swing.JButton("Fix");
    private final ProjectDocument.Listener onChange = d -> show(d);
    private NetworkEditorTopComponent editor;

    public ProblemsTopComponent() {
        setName(Bundle.CTL_ProblemsTopComponent());
        setLayout(new BorderLayout());
        add(new JScrollPane(list), BorderLayout.CENTER);
        javax.swing.JPanel bar = new javax.swing.JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.LEFT));
        bar.add(fix);
        add(bar, BorderLayout.NORTH);
        fix.setEnabled(false);
        list.addListSelectionListener(e -> offerFix());
        fix.addActionListener(e -> {
            Problem p = list.getSelectedValue();
            if (p == null || editor == null) {
                return;
            }
            java.util.List<org.layercanvas.editor.model.QuickFixes.Fix> fixes = org.layercanvas.editor.model.QuickFixes.fixes(editor.document(), p);
            if (fixes.size() == 1) {
                fixes.get(0).apply().accept(editor.document());
            } else if (fixes.size() > 1) {
                javax.swing.JPopupMenu menu = new javax.swing.JPopupMenu();
                for (org.layercanvas.editor.model.QuickFixes.Fix f : fixes) {
                    menu.add(f.label()).addActionListener(a -> f.apply().accept(editor.document()));
                }
                menu.show(fix, 0, fix.getHeight());
            }
        });
        list.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                Problem p = list.getSelectedValue();
                if (e.getClickCount() == 2 && p != null && p.nodeId() != null && editor != null
                        && editor.document().network().node(p.nodeId()).isPresent()) {
                    editor.scene().setSelectedObjects(Set.of(p.nodeId()));
                    editor.scene().scrollTo(p.nodeId());
                    editor.requestActive();
                }
            }
        });
        WindowManager.getDefault().getRegistry().addPropertyChangeListener(this::activated);
    }

    private void activated(PropertyChangeEvent e) {
        if (TopComponent.Registry.PROP_ACTIVATED.equals(e.getPropertyName())
                && WindowManager.getDefault().getRegistry().getActivated() instanceof NetworkEditorTopComponent active && active != editor) {
            follow(active);
        }
    }

    /** Shows the problems of {@code active}'s document from now on. */
    void follow(NetworkEditorTopComponent active) {
        if (editor != null) {
            editor.document().removeListener(onChange);
        }
        editor = active;
        editor.document().addListener(onChange);
        show(editor.document());
    }

    /** The Fix button names the first fix of the selected problem, when it has one. */
    private void offerFix() {
        Problem p = list.getSelectedValue();
        java.util.List<org.layercanvas.editor.model.QuickFixes.Fix> fixes = p == null || editor == null ? java.util.List.of()
                : org.layercanvas.editor.model.QuickFixes.fixes(editor.document(), p);
        fix.setEnabled(!fixes.isEmpty());
        fix.setText(fixes.isEmpty() ? "Fix" : fixes.size() == 1 ? fixes.get(0).label() : fixes.size() + " fixes ▾");
    }

    private void show(ProjectDocument document) {
        problems.clear();
        document.problems().forEach(problems::addElement);
        offerFix();
        setDisplayName(problems.isEmpty() ? Bundle.CTL_ProblemsTopComponent() : Bundle.CTL_ProblemsTopComponent() + " (" + problems.size() + ")");
    }

    static ProblemsTopComponent find() {
        return (ProblemsTopComponent) WindowManager.getDefault().findTopComponent(ID);
    }

    void writeProperties(java.util.Properties p) {
        p.setProperty("version", "1.0");
    }

    void readProperties(java.util.Properties p) {
    }
}
