package org.layercanvas.editor.script;

import java.awt.BorderLayout;
import java.awt.Font;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.fife.ui.rsyntaxtextarea.RSyntaxTextArea;
import org.fife.ui.rsyntaxtextarea.SyntaxConstants;
import org.fife.ui.rtextarea.RTextScrollPane;
import org.layercanvas.editor.ui.ProjectFolders;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.workbench.ScriptService;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.util.NbBundle.Messages;
import org.openide.util.RequestProcessor;
import org.openide.windows.TopComponent;

/**
 * Window ▸ Scripting Console: a JavaScript editor (the lc API, docs/scripting.md), Run and Stop, the
 * script's output below, and the scripts run this session in a history list. Scripts run against
 * the folder of the project being edited (opening, training and saving there; their runs appear
 * beside the project, where the dashboard finds them) and can be saved there as .js files.
 */
@ConvertAsProperties(dtd = "-//org.layercanvas.editor.script//ScriptConsole//EN", autostore = false)
@TopComponent.Description(preferredID = ScriptConsoleTopComponent.ID, persistenceType = TopComponent.PERSISTENCE_NEVER)
@TopComponent.Registration(mode = "output", openAtStartup = false)
@ActionID(category = "Window", id = "org.layercanvas.editor.script.ScriptConsoleTopComponent")
@ActionReference(path = "Menu/Window", position = 35)
@TopComponent.OpenActionRegistration(displayName = "#CTL_ScriptConsoleAction", preferredID = ScriptConsoleTopComponent.ID)
@Messages({"CTL_ScriptConsoleAction=Scripting Console", "CTL_ScriptConsoleTopComponent=Scripting Console"})
public final class ScriptConsoleTopComponent extends TopComponent {
    static final String ID = "LayerCanvasScriptConsole";
    private static final RequestProcessor RUNS = new RequestProcessor("script console", 1, true);
    private final RSyntaxTextArea script = new RSyntaxTextArea(12, 80);
    private final JTextArea output = new JTextArea(8, 80);
    private final JButton run = new JButton("Run"), stop = new JButton("Stop"), save = new JButton("Save…");
    private final DefaultComboBoxModel<String> history = new DefaultComboBoxModel<>();
    private final JLabel status = new JLabel(" ");
    private volatile ScriptService.Session session;
    private volatile boolean stopping;

    public ScriptConsoleTopComponent() {
        setName(Bundle.CTL_ScriptConsoleTopComponent());
        setLayout(new BorderLayout());
        script.setSyntaxEditingStyle(SyntaxConstants.SYNTAX_STYLE_JAVASCRIPT);
        script.setCodeFoldingEnabled(true);
        script.setName("script");
        script.setText("// the lc API: docs/scripting.md\nconst p = lc.open(\"" + exampleProject() + "\");\nprint(p.name());\n");
        output.setEditable(false);
        output.setName("output");
        output.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        JComboBox<String> pick = new JComboBox<>(history);
        pick.setPrototypeDisplayValue("x".repeat(40));
        pick.addActionListener(e -> {
            if (pick.getSelectedItem() instanceof String s && !s.equals(script.getText())) {
                script.setText(s);
            }
        });
        pick.setRenderer(new javax.swing.DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(javax.swing.JList<?> l, Object v, int i, boolean sel, boolean focus) {
                String first = v == null ? "" : v.toString().strip().lines().findFirst().orElse("");
                return super.getListCellRendererComponent(l, first, i, sel, focus);
            }
        });
        JPanel bar = new JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.LEFT));
        bar.add(run);
        bar.add(stop);
        bar.add(save);
        bar.add(new JLabel("History"));
        bar.add(pick);
        bar.add(status);
        stop.setEnabled(false);
        run.addActionListener(e -> start());
        stop.addActionListener(e -> {
            ScriptService.Session s = session;
            if (s != null) {
                stopping = true;
                status.setText("stopping…");
                s.stop();
            }
        });
        save.addActionListener(e -> saveScript());
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new RTextScrollPane(script), new javax.swing.JScrollPane(output));
        split.setResizeWeight(0.6);
        add(bar, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
    }

    /** The project being edited, by name, when there is one (the starting script opens it). */
    private static String exampleProject() {
        Path project = ProjectFolders.currentProject();
        return project == null ? "my-project.lcproj.json" : project.getFileName().toString();
    }

    private void start() {
        String code = script.getText();
        if (history.getIndexOf(code) < 0) {
            history.insertElementAt(code, 0);
        }
        Path folder = ProjectFolders.current().toPath();
        output.setText("");
        status.setText("running in " + folder);
        run.setEnabled(false);
        stop.setEnabled(true);
        stopping = false;
        PrintStream out = new PrintStream(new AreaStream(), true, StandardCharsets.UTF_8);
        long started = System.nanoTime();
        RUNS.post(() -> {
            String end;
            try {
                ScriptService.Session s = ScriptEngines.service().open(folder, out);
                session = s;
                s.run("console.js", code);
                end = "finished";
            } catch (Exception e) {
                out.println(e.getMessage());
                end = stopping ? "stopped" : "failed";
            } finally {
                session = null;
            }
            String message = String.format(java.util.Locale.ROOT, "%s in %.1f s", end, (System.nanoTime() - started) / 1e9);
            SwingUtilities.invokeLater(() -> {
                status.setText(message);
                run.setEnabled(true);
                stop.setEnabled(false);
            });
        });
    }

    private void saveScript() {
        JFileChooser chooser = new JFileChooser(ProjectFolders.current());
        chooser.setFileFilter(new FileNameExtensionFilter("JavaScript (*.js)", "js"));
        if (chooser.showSaveDialog(this) == JFileChooser.APPROVE_OPTION) {
            Path file = chooser.getSelectedFile().toPath();
            Path target = file.toString().endsWith(".js") ? file : file.resolveSibling(file.getFileName() + ".js");
            try {
                AtomicFiles.write(target, script.getText().getBytes(StandardCharsets.UTF_8));
                status.setText("saved " + target);
            } catch (java.io.IOException e) {
                status.setText("could not save " + target + ": " + e.getMessage());
            }
        }
    }

    /** Output of the script's thread, appended on the event thread. */
    private final class AreaStream extends OutputStream {
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!text.isEmpty()) {
                SwingUtilities.invokeLater(() -> output.append(text));
            }
        }
    }

    void writeProperties(java.util.Properties p) {
    }

    void readProperties(java.util.Properties p) {
    }
}
