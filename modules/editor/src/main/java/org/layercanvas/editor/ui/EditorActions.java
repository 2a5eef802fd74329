package org.layercanvas.editor.ui;

import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.util.function.Consumer;
import javax.swing.AbstractAction;
import javax.swing.Action;
import javax.swing.ActionMap;
import javax.swing.InputMap;
import javax.swing.JComponent;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.text.DefaultEditorKit;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.engine.spi.LayerType;
import org.netbeans.spi.palette.PaletteController;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;

/**
 * The editor's commands and their keys. Delete, Cut, Copy and Paste go into the window's action
 * map under the keys the platform's Edit menu looks up, so Edit ▸ Delete and friends act on the
 * canvas, are enabled by the selection and show their shortcuts; the same actions and Undo, Redo,
 * Save, Select All, Duplicate and Fit are bound to keys on the canvas itself, so they work whenever
 * the canvas has the focus (a click on it gives it the focus), with or without a window manager.
 */
final class EditorActions {
    private final NetworkEditorTopComponent editor;
    private final NetworkScene scene;
    private final Action delete, copy, cut, paste, duplicate, selectAll, undo, redo, save, saveAs, fit;

    EditorActions(NetworkEditorTopComponent editor, JComponent canvas) {
        this.editor = editor;
        this.scene = editor.scene();
        delete = action("Delete", scene::deleteSelection);
        copy = action("Copy", () -> {
            scene.copySelection();
            selectionChanged();
        });
        cut = action("Cut", () -> {
            scene.cutSelection();
            selectionChanged();
        });
        paste = action("Paste", scene::paste);
        duplicate = action("Duplicate", scene::duplicateSelection);
        selectAll = action("Select All", scene::selectAll);
        undo = action("Undo", () -> {
            if (editor.getUndoRedo().canUndo()) {
                editor.getUndoRedo().undo();
            }
        });
        redo = action("Redo", () -> {
            if (editor.getUndoRedo().canRedo()) {
                editor.getUndoRedo().redo();
            }
        });
        save = action("Save", this::save);
        saveAs = action("Save As...", editor::saveAs);
        fit = action("Fit", scene::fitToView);
        ActionMap map = editor.getActionMap();
        map.put("delete", delete);
        map.put(DefaultEditorKit.copyAction, copy);
        map.put(DefaultEditorKit.cutAction, cut);
        map.put(DefaultEditorKit.pasteAction, paste);
        bind(canvas, delete, KeyStroke.getKeyStroke(KeyEvent.VK_DELETE, 0), KeyStroke.getKeyStroke(KeyEvent.VK_BACK_SPACE, 0));
        bind(canvas, copy, ctrl(KeyEvent.VK_C));
        bind(canvas, cut, ctrl(KeyEvent.VK_X));
        bind(canvas, paste, ctrl(KeyEvent.VK_V));
        bind(canvas, duplicate, ctrl(KeyEvent.VK_D));
        bind(canvas, selectAll, ctrl(KeyEvent.VK_A));
        bind(canvas, undo, ctrl(KeyEvent.VK_Z));
        bind(canvas, redo, ctrl(KeyEvent.VK_Y), KeyStroke.getKeyStroke(KeyEvent.VK_Z, InputEvent.CTRL_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK));
        bind(canvas, save, ctrl(KeyEvent.VK_S));
        bind(canvas, saveAs, KeyStroke.getKeyStroke(KeyEvent.VK_S, InputEvent.CTRL_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK));
        bind(canvas, fit, KeyStroke.getKeyStroke(KeyEvent.VK_F, 0));
        selectionChanged();
    }

    /** Enables what the selection and the clipboard allow. */
    void selectionChanged() {
        boolean any = !scene.getSelectedObjects().isEmpty();
        boolean layers = !scene.selectedNodes().isEmpty();
        delete.setEnabled(any);
        copy.setEnabled(layers);
        cut.setEnabled(layers);
        duplicate.setEnabled(layers);
        paste.setEnabled(scene.canPaste());
    }

    /**
     * The palette's search field: typing filters the palette by name, category and description;
     * Enter adds the first match to the canvas; Ctrl+F (anywhere in the editor) comes here.
     */
    JTextField searchField(PaletteController palette, LayerPalette.Search search, Consumer<LayerType> add) {
        JTextField field = new JTextField(12);
        Runnable filter = () -> {
            search.set(field.getText());
            palette.refresh();
        };
        field.setToolTipText("Filter the palette by name, category or description; Enter adds the first match (Ctrl+F)");
        field.getDocument().addDocumentListener(new javax.swing.event.DocumentListener() {
            @Override
            public void insertUpdate(javax.swing.event.DocumentEvent e) {
                filter.run();
            }

            @Override
            public void removeUpdate(javax.swing.event.DocumentEvent e) {
                filter.run();
            }

            @Override
            public void changedUpdate(javax.swing.event.DocumentEvent e) {
            }
        });
        field.addActionListener(e -> editor.document().registry().all().stream()
                .filter(t -> LayerPalette.matches(t, field.getText())).findFirst().ifPresent(add));
        editor.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).put(ctrl(KeyEvent.VK_F), "find-layer");
        editor.getActionMap().put("find-layer", action("Find Layer", field::requestFocusInWindow));
        return field;
    }

    private void save() {
        try {
            editor.save();
        } catch (IOException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not save " + editor.file() + ":\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }

    private static KeyStroke ctrl(int key) {
        return KeyStroke.getKeyStroke(key, InputEvent.CTRL_DOWN_MASK);
    }

    private static void bind(JComponent canvas, Action action, KeyStroke... keys) {
        String name = (String) action.getValue(Action.NAME);
        InputMap input = canvas.getInputMap(JComponent.WHEN_FOCUSED);
        for (KeyStroke k : keys) {
            input.put(k, name);
        }
        action.putValue(Action.ACCELERATOR_KEY, keys[0]);
        canvas.getActionMap().put(name, action);
    }

    /** An action whose refused edit is shown to the user rather than lost. */
    private static Action action(String name, Runnable run) {
        return new AbstractAction(name) {
            @Override
            public void actionPerformed(ActionEvent e) {
                UserEdits.run(run);
            }
        };
    }
}
