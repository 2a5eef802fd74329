package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.GridLayout;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.IOException;
import java.nio.file.Path;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import org.layercanvas.editor.model.Templates;
import org.openide.DialogDescriptor;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;

/** File ▸ New Project…: picks a template, a name and a folder, creates the files and opens the project. */
@ActionID(category = "File", id = "org.layercanvas.editor.ui.NewProject")
@ActionRegistration(displayName = "#CTL_NewProject")
@ActionReference(path = "Menu/File", position = 10)
@Messages("CTL_NewProject=New Project...")
public final class NewProjectAction implements ActionListener {
    @Override
    public void actionPerformed(ActionEvent e) {
        JList<Templates.Template> list = new JList<>(Templates.bundled().toArray(new Templates.Template[0]));
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setSelectedIndex(0);
        JLabel description = new JLabel(" ");
        list.addListSelectionListener(ev -> description.setText(list.getSelectedValue() == null ? " "
                : "<html>" + list.getSelectedValue().description() + "</html>"));
        description.setText("<html>" + list.getSelectedValue().description() + "</html>");
        JTextField name = new JTextField("my-network");
        JTextField folder = new JTextField(System.getProperty("user.home"));
        JButton browse = new JButton("Browse...");
        browse.addActionListener(ev -> {
            JFileChooser chooser = new JFileChooser(folder.getText());
            chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
            if (chooser.showOpenDialog(browse) == JFileChooser.APPROVE_OPTION) {
                folder.setText(chooser.getSelectedFile().getPath());
            }
        });
        JPanel fields = new JPanel(new GridLayout(0, 1, 4, 4));
        fields.add(description);
        fields.add(new JLabel("Project name:"));
        fields.add(name);
        fields.add(new JLabel("Folder:"));
        JPanel folderRow = new JPanel(new BorderLayout(4, 0));
        folderRow.add(folder, BorderLayout.CENTER);
        folderRow.add(browse, BorderLayout.EAST);
        fields.add(folderRow);
        JPanel panel = new JPanel(new BorderLayout(8, 8));
        panel.setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        panel.add(new JScrollPane(list), BorderLayout.CENTER);
        panel.add(fields, BorderLayout.SOUTH);
        DialogDescriptor dialog = new DialogDescriptor(panel, "New LayerCanvas Project");
        if (DialogDisplayer.getDefault().notify(dialog) != DialogDescriptor.OK_OPTION || list.getSelectedValue() == null) {
            return;
        }
        try {
            Path project = Templates.create(list.getSelectedValue(), Path.of(folder.getText()), name.getText().trim());
            ProjectFilesActions.open(project);
        } catch (IOException | IllegalArgumentException ex) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("The project was not created:\n" + ex.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }
}
