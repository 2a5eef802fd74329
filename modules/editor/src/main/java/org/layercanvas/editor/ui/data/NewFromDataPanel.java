package org.layercanvas.editor.ui.data;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.nio.file.Path;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.table.DefaultTableModel;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.starter.ColumnSummary;
import org.layercanvas.formats.starter.DataPreview;
import org.layercanvas.formats.starter.StarterProject;
import org.layercanvas.formats.starter.Task;

/**
 * What a data file holds and the choices that make a project of it: the first rows as a table, a
 * histogram per column (class balance for the target), the target column, the starter model, an
 * optional test file and where the project goes. The task shown follows the chosen target.
 */
final class NewFromDataPanel extends JPanel {
    private final Path dataFile;
    private final DataPreview preview;
    private final JComboBox<String> target;
    private final JComboBox<String> model = new JComboBox<>(StarterProject.MODELS.toArray(String[]::new));
    private final JTextField test = new JTextField(28), project = new JTextField(28);
    private final JLabel task = new JLabel();
    private final JPanel histograms = new JPanel(new java.awt.GridLayout(0, 3, 8, 8));

    NewFromDataPanel(Path dataFile, DataPreview preview) {
        super(new BorderLayout(8, 8));
        this.dataFile = dataFile;
        this.preview = preview;
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        target = new JComboBox<>(preview.columns().toArray(String[]::new));
        target.setSelectedItem(preview.defaultTarget());
        // a CSV table's target is any of its columns; other readers predict what they recognised as the target
        // (another column of a Parquet table: layercanvas new --target, or the project's data section)
        target.setEnabled(preview.readerType().equals("csv"));
        target.addActionListener(e -> targetChanged());
        String stem = dataFile.getFileName().toString().replaceAll("\\.[^.]*(\\.gz)?$", "").replaceAll("[^A-Za-z0-9_-]", "-");
        project.setText(dataFile.toAbsolutePath().resolveSibling(stem + ProjectFiles.SUFFIX).toString());
        model.setSelectedItem("mlp"); // as `layercanvas new` without --model
        test.setName("test-file");
        project.setName("project-file");
        target.setName("target");
        model.setToolTipText("mlp: hidden layers that learn non-linear boundaries; logistic: no hidden layer (a linear model)");
        add(choices(), BorderLayout.NORTH);
        JTable table = new JTable(new DefaultTableModel(preview.rows().stream().map(r -> r.toArray()).toArray(Object[][]::new),
                preview.columns().toArray()) {
            @Override
            public boolean isCellEditable(int row, int column) {
                return false;
            }
        });
        table.setAutoResizeMode(JTable.AUTO_RESIZE_OFF);
        JScrollPane rows = new JScrollPane(table);
        rows.setBorder(BorderFactory.createTitledBorder("First " + preview.rows().size() + " of " + preview.rowCount() + " rows"));
        JScrollPane charts = new JScrollPane(histograms);
        charts.setBorder(BorderFactory.createTitledBorder("Columns"));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, rows, charts);
        split.setResizeWeight(0.45);
        add(split, BorderLayout.CENTER);
        setPreferredSize(new java.awt.Dimension(820, 620));
        targetChanged();
    }

    private JPanel choices() {
        JPanel p = new JPanel(new GridBagLayout());
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 2, 2, 6);
        c.anchor = GridBagConstraints.WEST;
        row(p, c, 0, "Data", new JLabel(dataFile.toString() + "  (" + preview.readerType() + ", " + preview.rowCount() + " rows)"));
        JPanel t = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));
        t.add(target);
        t.add(new JLabel("   "));
        t.add(task);
        row(p, c, 1, "Target", t);
        row(p, c, 2, "Model", model);
        row(p, c, 3, "Test data", withBrowse(test, false));
        row(p, c, 4, "Project file", withBrowse(project, true));
        return p;
    }

    private static void row(JPanel p, GridBagConstraints c, int y, String label, java.awt.Component field) {
        c.gridy = y;
        c.gridx = 0;
        c.fill = GridBagConstraints.NONE;
        c.weightx = 0;
        p.add(new JLabel(label), c);
        c.gridx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;
        p.add(field, c);
    }

    private JPanel withBrowse(JTextField field, boolean save) {
        JPanel p = new JPanel(new BorderLayout(4, 0));
        p.add(field, BorderLayout.CENTER);
        JButton browse = new JButton("Browse...");
        browse.addActionListener(e -> {
            JFileChooser chooser = new JFileChooser(dataFile.toAbsolutePath().getParent().toFile());
            boolean ok = (save ? chooser.showSaveDialog(this) : chooser.showOpenDialog(this)) == JFileChooser.APPROVE_OPTION;
            if (ok) {
                field.setText(chooser.getSelectedFile().getPath());
            }
        });
        p.add(browse, BorderLayout.EAST);
        return p;
    }

    /** The task and the histograms follow the target: the target's class balance first, then every feature. */
    private void targetChanged() {
        String t = (String) target.getSelectedItem();
        Task kind = preview.task(t);
        ColumnSummary s = preview.summary(t);
        task.setText(switch (kind) {
            case BINARY -> "binary classification (2 classes): one sigmoid output, binary cross-entropy, accuracy and AUC";
            case MULTICLASS -> "multi-class classification (" + s.classes() + " classes): softmax output, categorical cross-entropy, accuracy";
            case REGRESSION -> "regression: linear output, mean squared error, mean absolute error";
        });
        histograms.removeAll();
        histograms.add(new MiniHistogram(s, true));
        for (ColumnSummary column : preview.summaries()) {
            if (!column.name().equals(t)) {
                histograms.add(new MiniHistogram(column, false));
            }
        }
        histograms.revalidate();
        histograms.repaint();
    }

    /** The column to predict, or null for the reader's own labels. */
    String target() {
        return target.isEnabled() ? (String) target.getSelectedItem() : null;
    }

    String model() {
        return (String) model.getSelectedItem();
    }

    /** The test file, or null when the field is blank. */
    Path testFile() {
        return test.getText().isBlank() ? null : Path.of(test.getText().trim());
    }

    /** The project file, with the .lcproj.json suffix added when the user left it out. */
    Path projectFile() {
        return ProjectFiles.withSuffix(Path.of(project.getText().trim()));
    }
}
