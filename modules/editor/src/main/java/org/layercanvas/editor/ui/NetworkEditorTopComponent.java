package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.datatransfer.Transferable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JToolBar;
import javax.swing.BorderFactory;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.model.Recovery;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.editor.scene.Describe;
import org.layercanvas.engine.compile.MemoryEstimate;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.validate.Validation;
import org.netbeans.api.visual.action.AcceptProvider;
import org.netbeans.api.visual.action.ActionFactory;
import org.netbeans.api.visual.action.ConnectorState;
import org.netbeans.api.visual.model.ObjectSceneEvent;
import org.netbeans.api.visual.model.ObjectSceneEventType;
import org.netbeans.api.visual.model.ObjectSceneListener;
import org.netbeans.api.visual.model.ObjectState;
import org.netbeans.api.visual.widget.Widget;
import org.netbeans.spi.palette.PaletteController;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.UndoRedo;
import org.openide.cookies.SaveCookie;
import org.openide.filesystems.FileUtil;
import org.openide.util.Lookup;
import org.openide.util.lookup.Lookups;
import org.openide.util.lookup.ProxyLookup;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;

/**
 * The editor of one project file: the canvas, a toolbar (layout, train), the totals and the
 * connection hint in a status line, and a navigator (satellite) view. The selected layer goes to
 * the Properties window; edits go to the document, whose undo history is this window's
 * {@link UndoRedo}; unsaved changes put a {@link SaveCookie} into the file's lookup.
 */
public final class NetworkEditorTopComponent extends TopComponent {
    static final String CLIENT_NODE_COUNT = "layercanvas.nodeCount";
    private final ProjectDataObject dataObject;
    private final Path file;
    private final ProjectDocument document;
    private final NetworkScene scene;
    private final UndoRedo.Manager undo = new UndoRedo.Manager();
    private final JLabel status = new JLabel();
    private final JLabel notice = new JLabel();
    private final SaveCookie save = this::save;
    private final Autosave autosave;
    private final LayerPalette palette;
    private final Runnable pluginsChanged = () -> java.awt.EventQueue.invokeLater(this::useInstalledLayers);
    private final LayerPalette.Search search = new LayerPalette.Search();
    private final EditorActions actions;
    private final NetworkSwitcher networks;
    private LayerPropertiesNode selected;
    private ProjectSettingsNode settings;
    private boolean fitted;
    /** The inspector of a batch stepped from here, while it is open; a click on a layer or connection shows its tensor. */
    private TensorInspector inspector;

    /** @param document the file's content, read and validated (off the event thread: it takes long for large projects) */
    NetworkEditorTopComponent(ProjectDataObject dataObject, ProjectDocument document) {
        this.dataObject = dataObject;
        this.file = FileUtil.toFile(dataObject.getPrimaryFile()).toPath();
        InstalledPlugins.follow();
        this.document = document;
        this.autosave = new Autosave(document, new Recovery(file));
        document.addUndoableEditListener(undo);
        scene = new NetworkScene(document);
        scene.getActions().addAction(ActionFactory.createAcceptAction(new PaletteDrop()));
        palette = new LayerPalette(LayerRegistry.standard(), this::addInView, search);
        networks = new NetworkSwitcher(this);
        setLayout(new BorderLayout());
        JComponent view = scene.createView();
        actions = new EditorActions(this, view);
        add(toolbar(), BorderLayout.NORTH);
        add(new JScrollPane(view), BorderLayout.CENTER);
        add(statusBar(), BorderLayout.SOUTH);
        scene.setMenus(new ContextMenus(this));
        scene.setRefusalListener(why -> notice.setText(why == null ? "" : "Connection refused: " + why));
        // the action map in the lookup is where Edit ▸ Cut, Copy, Paste and Delete find the editor's actions
        associateLookup(new ProxyLookup(Lookups.fixed(palette.controller(), document, saveAsCapable, getActionMap()), dataObject.getLookup()));
        scene.addObjectSceneListener(new SelectionToProperties(), ObjectSceneEventType.OBJECT_SELECTION_CHANGED);
        document.addListener(d -> changed());
        changed();
        showSettings();
    }

    ProjectDataObject dataObject() {
        return dataObject;
    }

    /** The open inspector of a batch stepped from this editor (null: none); the one before it closes. */
    void inspectWith(TensorInspector next) {
        if (inspector != null && next != null && inspector != next) {
            inspector.close();
        }
        inspector = next;
    }

    /** The project file this editor shows. */
    Path file() {
        return file;
    }

    public ProjectDocument document() {
        return document;
    }

    public NetworkScene scene() {
        return scene;
    }

    @Override
    public UndoRedo getUndoRedo() {
        return undo;
    }

    @Override
    public int getPersistenceType() {
        return PERSISTENCE_NEVER;
    }

    private JToolBar toolbar() {
        JToolBar bar = new JToolBar();
        bar.setFloatable(false);
        bar.add(new JLabel(" Network "));
        bar.add(networks.combo());
        bar.add(networks.menuButton());
        bar.addSeparator();
        bar.add(button("Save As...", "Write this project to another file and continue there (Ctrl+Shift+S)", this::saveAs));
        bar.add(button("Layout", "Arrange the layers left to right (undoable)", scene::layout));
        bar.add(button("Fit", "Zoom and scroll so the whole network shows (F)", scene::fitToView));
        bar.add(button("Train", "Save, validate and train this project in the background", () -> TrainAction.train(this)));
        JButton step = button("Step", "Run one batch forward and backward and look at every tensor on the way", () -> StepAction.step(this));
        step.setName("editor.step");
        bar.add(step);
        JButton compare = button("Compare With...", "Show this design beside the saved version, another project or a run's snapshot, "
                + "with what changed marked", null);
        compare.setName("editor.compare");
        compare.addActionListener(e -> CompareAction.choose(this, compare));
        bar.add(compare);
        bar.add(button("Export...", "Write this network with trained weights as ONNX, a PyTorch module or a Keras script",
                () -> ExportModelAction.show(this, file)));
        bar.add(button("Settings", "Training and data settings in the Properties window (click the empty canvas)", this::showSettings));
        bar.addSeparator();
        bar.add(button("Zoom +", "Zoom in (Ctrl+wheel)", () -> zoom(1.25)));
        bar.add(button("Zoom −", "Zoom out (Ctrl+wheel)", () -> zoom(0.8)));
        bar.addSeparator();
        bar.add(new JLabel(" Find layer "));
        bar.add(actions.searchField(palette.controller(), search, this::addInView));
        return bar;
    }

    private static JButton button(String text, String tip, Runnable run) {
        JButton b = new JButton(text);
        b.setToolTipText(tip);
        if (run != null) {
            b.addActionListener(e -> run.run());
        }
        return b;
    }

    private void zoom(double factor) {
        autoFit = false;
        scene.zoomBy(factor);
    }

    private JPanel statusBar() {
        JPanel bar = new JPanel(new BorderLayout());
        status.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        notice.setBorder(BorderFactory.createEmptyBorder(0, 8, 4, 8));
        notice.setForeground(new java.awt.Color(0xD3, 0x2F, 0x2F));
        JPanel lines = new JPanel(new java.awt.GridLayout(2, 1));
        lines.add(status);
        lines.add(notice);
        bar.add(lines, BorderLayout.CENTER);
        JComponent satellite = scene.createSatelliteView();
        JPanel nav = new JPanel(new BorderLayout());
        nav.setPreferredSize(new Dimension(200, 110));
        nav.setBorder(BorderFactory.createTitledBorder("Navigator"));
        nav.add(satellite, BorderLayout.CENTER);
        bar.add(nav, BorderLayout.EAST);
        return bar;
    }

    /** Status line, dirty marker, save cookie and the Properties window after every change. */
    private void changed() {
        Validation v = document.validation();
        List<org.layercanvas.engine.validate.Problem> all = document.problems();
        int problems = all.size();
        status.setText("<html>" + document.network().nodes().size() + " layers · " + String.format("%,d", v.totalParameterCount())
                + " parameters · " + Describe.count(v.totalFlops()) + " FLOPs per sample · "
                + document.trainingMemory().map(m -> MemoryEstimate.format(m.bytes(Float.BYTES)) + " to train at batch " + m.batch() + " · ").orElse("")
                + (problems == 0 ? "<font color='#2E7D32'>no problems</font>" : "<font color='#D32F2F'>" + problems
                        + (problems == 1 ? " problem: " : " problems, first: ") + escape(all.get(0).message()) + "</font>") + "</html>");
        putClientProperty(CLIENT_NODE_COUNT, document.network().nodes().size());
        boolean modified = document.isModified();
        dataObject.setSaveCookie(modified ? save : null);
        String name = file.getFileName().toString();
        setDisplayName(modified ? name + " *" : name);
        setHtmlDisplayName(modified ? "<html><b>" + escape(name) + "</b></html>" : null);
        setToolTipText(file.toString());
        if (selected != null) {
            if (document.network().node(selected.getName()).isPresent()) {
                selected.refresh();
            } else {
                showSettings();
            }
        }
        if (settings != null) {
            settings.refresh();
        }
        networks.refresh();
        actions.selectionChanged();
        if (isVisible() && WindowManager.getDefault().getRegistry().getActivated() == this) {
            showTitle();
        }
    }

    /** The main window names the project being edited. */
    void showTitle() {
        java.awt.Frame main = WindowManager.getDefault().getMainWindow();
        main.setTitle(document.project().name() + (document.isModified() ? " *" : "") + " — " + file.getFileName() + " — LayerCanvas");
    }

    @Override
    protected void componentActivated() {
        showTitle();
    }

    /**
     * The window system asks an activated window for the focus; the canvas takes it, so that Delete, Ctrl+Z and the
     * other keys of the canvas act at once on a project just opened or switched to, before any click on it.
     */
    @Override
    public boolean requestFocusInWindow() {
        return scene.getView().requestFocusInWindow();
    }

    @Override
    public void requestFocus() {
        scene.getView().requestFocus();
    }

    /**
     * The whole network fits the window when it opens, and keeps fitting while the window system
     * docks the windows around it, until the user zooms by hand.
     */
    @Override
    protected void componentShowing() {
        showTitle();
        if (!fitted) {
            fitted = true;
            scene.getView().getParent().addComponentListener(new java.awt.event.ComponentAdapter() {
                @Override
                public void componentResized(java.awt.event.ComponentEvent e) {
                    if (autoFit) {
                        scene.fitToView();
                    }
                }
            });
            scene.getView().addMouseWheelListener(e -> {
                if (e.isControlDown()) {
                    autoFit = false;
                }
            });
            java.awt.EventQueue.invokeLater(scene::fitToView);
        }
    }

    private boolean autoFit = true;

    /** The project's training and data settings in the Properties window. */
    void showSettings() {
        selected = null;
        if (settings == null) { // it follows the document itself: no new one while it shows
            settings = new ProjectSettingsNode(document, file, dataObject.getLookup());
        }
        setActivatedNodes(new org.openide.nodes.Node[] {settings});
    }

    /** The Properties window, opened and brought to the front. */
    static void openProperties() {
        TopComponent properties = WindowManager.getDefault().findTopComponent("properties");
        if (properties != null) {
            properties.open();
            properties.requestVisible();
        }
    }

    /** Where file choosers start: beside the project. */
    Path folder() {
        return file.toAbsolutePath().getParent();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    void save() throws IOException {
        document.save(file);
        autosave.discard();
        dataObject.getPrimaryFile().refresh();
    }

    /**
     * Writes the current network to a new file (atomically; an existing file is not replaced
     * without asking), opens that file and closes this editor: the edits now live in the new file,
     * the old file keeps its last saved state.
     */
    void saveAs() {
        javax.swing.JFileChooser chooser = new javax.swing.JFileChooser(file.getParent().toFile());
        chooser.setSelectedFile(file.toFile());
        if (chooser.showSaveDialog(this) != javax.swing.JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path target = org.layercanvas.formats.ProjectFiles.withSuffix(chooser.getSelectedFile().toPath());
        if (java.nio.file.Files.exists(target) && !target.equals(file) && DialogDisplayer.getDefault().notify(new NotifyDescriptor.Confirmation(
                target.getFileName() + " exists. Replace it?", NotifyDescriptor.YES_NO_OPTION)) != NotifyDescriptor.YES_OPTION) {
            return;
        }
        saveTo(target);
    }

    /** File ▸ Save As… (the platform's action, which asks for the folder and name) comes here through the lookup. */
    private final org.openide.loaders.SaveAsCapable saveAsCapable = (folder, name) ->
            saveTo(org.layercanvas.formats.ProjectFiles.withSuffix(FileUtil.toFile(folder).toPath().resolve(name)));

    private void saveTo(Path target) {
        try {
            org.layercanvas.formats.ProjectFiles.write(document.project(), target);
            if (target.equals(file)) {
                save();
                return;
            }
            discardOnClose = true;
            close();
            ProjectFilesActions.open(target);
        } catch (IOException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not save " + target + ":\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }

    private boolean discardOnClose;

    /** Adds a layer of {@code type} in the visible part of the canvas (palette double-click). */
    void addInView(LayerType type) {
        java.awt.Rectangle visible = scene.getView().getVisibleRect();
        Point at = scene.convertViewToScene(new Point(visible.x + 60, visible.y + 60));
        String id = document.addNode(type.name(), at.x + 20 * (document.network().nodes().size() % 8), at.y);
        scene.setSelectedObjects(Set.of(id));
    }

    @Override
    public boolean canClose() {
        if (!document.isModified() || discardOnClose) {
            return true;
        }
        NotifyDescriptor.Confirmation ask = new NotifyDescriptor.Confirmation(
                file.getFileName() + " has unsaved changes. Save them?", "Close " + file.getFileName(), NotifyDescriptor.YES_NO_CANCEL_OPTION);
        Object answer = DialogDisplayer.getDefault().notify(ask);
        if (answer == NotifyDescriptor.YES_OPTION) {
            try {
                save();
                return true;
            } catch (IOException e) {
                DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not save " + file + ":\n" + e.getMessage(),
                        NotifyDescriptor.ERROR_MESSAGE));
                return false;
            }
        }
        return answer == NotifyDescriptor.NO_OPTION;
    }

    @Override
    protected void componentOpened() {
        Extensions.onChange(pluginsChanged);
        autosave.start();
    }

    @Override
    protected void componentClosed() {
        Extensions.removeOnChange(pluginsChanged);
        closedCleanly();
        dataObject.setSaveCookie(null);
        WindowManager.getDefault().getMainWindow().setTitle("LayerCanvas");
    }

    /** Closed, or the application exits, after the user saved or chose not to keep the edits: nothing to recover. */
    void closedCleanly() {
        autosave.stop();
        autosave.discard();
    }

    /** A plugin was installed, enabled or disabled: the palette and the validation follow its layer types. */
    private void useInstalledLayers() {
        document.useRegistry(LayerRegistry.standard());
        palette.update(LayerRegistry.standard());
    }

    /** The editor a menu command acts on: the active one, or the only one showing (null when that is unclear). */
    static NetworkEditorTopComponent forMenu() {
        if (TopComponent.getRegistry().getActivated() instanceof NetworkEditorTopComponent active) {
            return active;
        }
        NetworkEditorTopComponent only = null;
        for (TopComponent tc : TopComponent.getRegistry().getOpened()) {
            if (tc instanceof NetworkEditorTopComponent editor && editor.isShowing()) {
                if (only != null) {
                    return null;
                }
                only = editor;
            }
        }
        return only;
    }

    /** A palette item dropped on the canvas becomes a node where it was dropped. */
    private final class PaletteDrop implements AcceptProvider {
        @Override
        public ConnectorState isAcceptable(Widget widget, Point point, Transferable t) {
            return t.isDataFlavorSupported(PaletteController.ITEM_DATA_FLAVOR) ? ConnectorState.ACCEPT : ConnectorState.REJECT;
        }

        @Override
        public void accept(Widget widget, Point point, Transferable t) {
            try {
                Lookup item = (Lookup) t.getTransferData(PaletteController.ITEM_DATA_FLAVOR);
                LayerType type = item.lookup(LayerType.class);
                if (type != null) {
                    Point at = widget.convertLocalToScene(point);
                    String id = document.addNode(type.name(), at.x, at.y);
                    scene.setSelectedObjects(Set.of(id));
                }
            } catch (java.awt.datatransfer.UnsupportedFlavorException | IOException e) {
                throw new IllegalStateException("palette drop failed", e);
            }
        }
    }

    /** One selected layer shows in the Properties window; otherwise the file does. */
    private final class SelectionToProperties implements ObjectSceneListener {
        @Override
        public void selectionChanged(ObjectSceneEvent event, Set<Object> previous, Set<Object> now) {
            actions.selectionChanged();
            Object only = now.size() == 1 ? now.iterator().next() : null;
            if (only instanceof String id && document.network().node(id).isEmpty()) {
                return; // a layer the document no longer has: the scene is taking it away, and the selection with it
            }
            if (inspector != null && (only instanceof String || only instanceof org.layercanvas.engine.api.Edge)) {
                inspector.reveal(only instanceof org.layercanvas.engine.api.Edge e ? e.from() : (String) only);
            }
            if (only instanceof String id) {
                settings = null;
                selected = new LayerPropertiesNode(document, id, dataObject.getLookup());
                setActivatedNodes(new org.openide.nodes.Node[] {selected});
            } else if (now.isEmpty()) {
                showSettings();
            }
        }

        @Override
        public void objectAdded(ObjectSceneEvent e, Object o) {
        }

        @Override
        public void objectRemoved(ObjectSceneEvent e, Object o) {
        }

        @Override
        public void objectStateChanged(ObjectSceneEvent e, Object o, ObjectState before, ObjectState after) {
        }

        @Override
        public void highlightingChanged(ObjectSceneEvent e, Set<Object> before, Set<Object> now) {
        }

        @Override
        public void hoverChanged(ObjectSceneEvent e, Object before, Object now) {
        }

        @Override
        public void focusChanged(ObjectSceneEvent e, Object before, Object now) {
        }
    }
}
