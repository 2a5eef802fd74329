package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.GridLayout;
import java.io.IOException;
import java.nio.file.Path;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JTextField;
import org.layercanvas.workbench.ModelExports;
import org.layercanvas.engine.spi.ModelExporter;
import org.openide.DialogDescriptor;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;

/**
 * The editor's Export…: the network as it is on the canvas, with trained weights (by default the
 * newest run's), in another tool's format — exactly what {@code layercanvas export} writes.
 */
final class ExportModelAction {
    private ExportModelAction() {
    }

    static void show(NetworkEditorTopComponent editor, Path projectFile) {
        Path weights;
        try {
            weights = ModelExports.latestWeights(projectFile);
        } catch (IOException e) {
            weights = null;
        }
        JComboBox<ModelExporter> format = new JComboBox<>(ModelExports.exporters().toArray(new ModelExporter[0]));
        format.setRenderer(new DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected, boolean focus) {
                ModelExporter e = (ModelExporter) value;
                return super.getListCellRendererComponent(list, e == null ? "" : e.format() + " — " + e.description(), index, selected, focus);
            }
        });
        JTextField weightsField = new JTextField(weights == null ? "" : weights.toString(), 40);
        JTextField outField = new JTextField(40);
        Runnable suggestTarget = () -> outField.setText(defaultTarget(projectFile, editor.document().network().name(),
                (ModelExporter) format.getSelectedItem()).toString());
        suggestTarget.run();
        format.addActionListener(e -> suggestTarget.run());
        JPanel fields = new JPanel(new GridLayout(0, 1, 4, 4));
        fields.add(new JLabel("Format:"));
        fields.add(format);
        fields.add(new JLabel(weights == null ? "Trained weights (no run yet: train first, or choose a safetensors file):" : "Trained weights:"));
        fields.add(row(weightsField, JFileChooser.FILES_ONLY));
        fields.add(new JLabel("Write to (a file for onnx, a folder for pytorch and keras):"));
        fields.add(row(outField, JFileChooser.FILES_AND_DIRECTORIES));
        fields.setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        DialogDescriptor dialog = new DialogDescriptor(fields, "Export " + editor.document().network().name());
        if (DialogDisplayer.getDefault().notify(dialog) != DialogDescriptor.OK_OPTION) {
            return;
        }
        ModelExporter exporter = (ModelExporter) format.getSelectedItem();
        Path typed = Path.of(outField.getText().trim());
        Path out = typed.isAbsolute() ? typed : projectFile.toAbsolutePath().getParent().resolve(typed); // relative to the project
        java.util.List<Path> replaced = !exporter.writesFolder() && java.nio.file.Files.isDirectory(out) ? java.util.List.of() // refused below
                : exporter.writesFolder()
                ? exporter.fileNames().stream().map(out::resolve).filter(java.nio.file.Files::exists).toList()
                : java.nio.file.Files.exists(out) ? java.util.List.of(out) : java.util.List.of();
        if (!replaced.isEmpty() && DialogDisplayer.getDefault().notify(new NotifyDescriptor.Confirmation("Replace " + replaced + "?",
                "Export " + editor.document().network().name(), NotifyDescriptor.YES_NO_OPTION)) != NotifyDescriptor.YES_OPTION) {
            return;
        }
        try {
            String done = export(editor, projectFile, exporter, Path.of(weightsField.getText().trim()), out);
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message(done));
        } catch (IOException | RuntimeException ex) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Nothing was exported:\n" + ex.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }

    /** The export itself, on the canvas's network; returns the one-line summary. */
    static String export(NetworkEditorTopComponent editor, Path projectFile, ModelExporter exporter, Path weights, Path out) throws IOException {
        if (!editor.document().problems().isEmpty()) {
            throw new IllegalArgumentException("fix the network first: " + editor.document().problems().get(0).message());
        }
        return ModelExports.export(editor.document().network(), projectFile, weights, exporter, out);
    }

    static Path defaultTarget(Path projectFile, String network, ModelExporter exporter) {
        String base = projectFile.getFileName().toString().replace(".lcproj.json", "") + (network.equals("main") ? "" : "-" + network);
        Path dir = projectFile.toAbsolutePath().getParent();
        return exporter == null ? dir : exporter.writesFolder() ? dir.resolve(base + "-" + exporter.format()) : dir.resolve(base + exporter.extension());
    }

    private static JPanel row(JTextField field, int mode) {
        JButton browse = new JButton("Browse...");
        browse.addActionListener(e -> {
            JFileChooser chooser = new JFileChooser(field.getText());
            chooser.setFileSelectionMode(mode);
            if (chooser.showDialog(browse, "Choose") == JFileChooser.APPROVE_OPTION) {
                field.setText(chooser.getSelectedFile().getPath());
            }
        });
        JPanel row = new JPanel(new BorderLayout(4, 0));
        row.add(field, BorderLayout.CENTER);
        row.add(browse, BorderLayout.EAST);
        return row;
    }
}
