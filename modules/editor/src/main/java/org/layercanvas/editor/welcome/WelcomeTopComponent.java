package org.layercanvas.editor.welcome;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Cursor;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.swing.Action;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.Scrollable;
import org.layercanvas.editor.model.Templates;
import org.layercanvas.editor.model.Templates.Template;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.editor.ui.RecentProjects;
import org.layercanvas.engine.spi.BackendProvider;
import org.layercanvas.engine.spi.Backends;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.Actions;
import org.openide.util.NbBundle.Messages;
import org.openide.util.RequestProcessor;
import org.openide.windows.TopComponent;

/**
 * The start page: buttons to create or open a project, the bundled examples as cards, the recent
 * projects, and which compute backends this machine offers. Everything slow (parsing the examples
 * for their layer counts, probing OpenCL devices) runs in the background after the page is first
 * shown, so a start with --open, where this page stays behind the editor, pays nothing for it.
 */
@ConvertAsProperties(dtd = "-//org.layercanvas.editor.welcome//Welcome//EN", autostore = false)
@TopComponent.Description(preferredID = "WelcomeTopComponent", persistenceType = TopComponent.PERSISTENCE_ALWAYS)
@TopComponent.Registration(mode = "editor", openAtStartup = true)
@ActionID(category = "Window", id = "org.layercanvas.editor.welcome.WelcomeTopComponent")
@ActionReference(path = "Menu/Window", position = 10)
@TopComponent.OpenActionRegistration(displayName = "#CTL_WelcomeAction", preferredID = "WelcomeTopComponent")
@Messages({"CTL_WelcomeAction=Welcome", "CTL_WelcomeTopComponent=Welcome"})
public final class WelcomeTopComponent extends TopComponent {
    private static final RequestProcessor BACKGROUND = new RequestProcessor(WelcomeTopComponent.class);
    private static final Color INK = new Color(0x1f, 0x3a, 0x68);
    private final Map<Template, ExampleCard> cards = new LinkedHashMap<>();
    private final JPanel recent = column();
    private final JLabel backends = new JLabel("Compute: looking for devices…");
    private boolean probed;

    public WelcomeTopComponent() {
        setName(Bundle.CTL_WelcomeTopComponent());
        setLayout(new BorderLayout());
        JPanel page = column();
        page.setBorder(BorderFactory.createEmptyBorder(32, 40, 32, 40));
        JLabel title = new JLabel("LayerCanvas");
        title.setFont(title.getFont().deriveFont(Font.BOLD, 30f));
        title.setForeground(INK);
        page.add(title);
        page.add(new JLabel("Draw a neural network, train it on your data, watch it learn."));
        page.add(Box.createVerticalStrut(16));
        page.add(buttons());
        page.add(heading("Examples"));
        JPanel grid = new JPanel(new GridLayout(0, 3, 10, 10));
        grid.setOpaque(false);
        for (Template t : Templates.bundled()) {
            ExampleCard card = new ExampleCard(t, () -> openExample(t));
            cards.put(t, card);
            grid.add(card);
        }
        page.add(left(grid));
        page.add(heading("Recent projects"));
        page.add(recent);
        page.add(Box.createVerticalStrut(20));
        backends.setForeground(Color.GRAY);
        page.add(left(backends));
        JPanel top = new WidthTrackingPanel();
        top.setBackground(Color.WHITE);
        top.add(page, BorderLayout.NORTH);
        JScrollPane scroll = new JScrollPane(top);
        scroll.setBorder(null);
        add(scroll, BorderLayout.CENTER);
    }

    private JComponent buttons() {
        JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));
        row.setOpaque(false);
        addButton(row, "File", "org.layercanvas.editor.ui.NewProject", "New Project…");
        addButton(row, "File", "org.layercanvas.editor.ui.NewProjectFromDataAction", "New Project from Data…");
        addButton(row, "File", "org.layercanvas.editor.ui.OpenProject", "Open Project…");
        return left(row);
    }

    private static void addButton(JPanel row, String category, String id, String text) {
        Action action = Actions.forID(category, id);
        if (action == null) {
            return;
        }
        JButton b = new JButton(text);
        b.addActionListener(action::actionPerformed);
        row.add(b);
        row.add(Box.createHorizontalStrut(8));
    }

    @Override
    protected void componentShowing() {
        super.componentShowing();
        fillRecent();
        if (!probed) {
            probed = true;
            // a moment's delay lets the window finish painting before two busy cores are shared
            BACKGROUND.post(this::countLayers, 300);
            BACKGROUND.post(this::probeBackends, 1500);
        }
    }

    private void countLayers() {
        cards.forEach((t, card) -> {
            String size;
            try {
                size = Examples.size(t);
            } catch (IOException | RuntimeException e) {
                size = "cannot be read: " + e.getMessage();
            }
            String text = size;
            EventQueue.invokeLater(() -> card.showSize(text));
        });
    }

    private void probeBackends() {
        Backends all = Backends.standard();
        String found = all.all().stream().filter(p -> !p.devices().isEmpty()).map(BackendProvider::name).collect(Collectors.joining(", "));
        String auto;
        try {
            auto = all.choose("auto").name();
        } catch (IllegalStateException e) {
            auto = "none";
        }
        String text = "Compute backends found: " + found + " (automatic choice: " + auto + ")";
        EventQueue.invokeLater(() -> backends.setText(text));
    }

    private void fillRecent() {
        recent.removeAll();
        List<Path> files = RecentProjects.list();
        if (files.isEmpty()) {
            recent.add(left(new JLabel("None yet: open an example or a project.")));
        }
        for (Path p : files) {
            JButton link = new JButton("<html><a href=''>" + p.getFileName() + "</a> <font color='gray'>" + p.getParent() + "</font></html>");
            link.setBorderPainted(false);
            link.setContentAreaFilled(false);
            link.setFocusPainted(false);
            link.setBorder(BorderFactory.createEmptyBorder(2, 0, 2, 0));
            link.setCursor(Cursor.getPredefinedCursor(Cursor.HAND_CURSOR));
            link.setEnabled(Files.exists(p));
            link.addActionListener(e -> open(p));
            recent.add(left(link));
        }
        recent.revalidate();
        recent.repaint();
    }

    private static void openExample(Template t) {
        try {
            Examples.open(t);
        } catch (IOException | RuntimeException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot open the example " + t.title() + ":\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }

    private static void open(Path p) {
        try {
            ProjectFilesActions.open(p);
        } catch (IOException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot open " + p + ":\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }

    private static JPanel column() {
        JPanel p = new JPanel();
        p.setLayout(new BoxLayout(p, BoxLayout.Y_AXIS));
        p.setOpaque(false);
        p.setAlignmentX(Component.LEFT_ALIGNMENT);
        return p;
    }

    private static JComponent heading(String text) {
        JLabel h = new JLabel(text);
        h.setFont(h.getFont().deriveFont(Font.BOLD, 16f));
        h.setForeground(INK);
        h.setBorder(BorderFactory.createEmptyBorder(22, 0, 8, 0));
        return left(h);
    }

    /** BoxLayout lines children up by their alignment; every row of this page is left-aligned. */
    private static <T extends JComponent> T left(T c) {
        c.setAlignmentX(Component.LEFT_ALIGNMENT);
        return c;
    }

    /** Scrolls only vertically: the cards' grid narrows with the window and their text wraps. */
    private static final class WidthTrackingPanel extends JPanel implements Scrollable {
        WidthTrackingPanel() {
            super(new BorderLayout());
        }

        @Override
        public Dimension getPreferredScrollableViewportSize() {
            return getPreferredSize();
        }

        @Override
        public int getScrollableUnitIncrement(Rectangle visible, int orientation, int direction) {
            return 16;
        }

        @Override
        public int getScrollableBlockIncrement(Rectangle visible, int orientation, int direction) {
            return visible.height;
        }

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }

        @Override
        public boolean getScrollableTracksViewportHeight() {
            return false;
        }
    }

    void writeProperties(java.util.Properties p) {
        p.setProperty("version", "1.0");
    }

    void readProperties(java.util.Properties p) {
    }
}
