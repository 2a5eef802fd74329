package org.layercanvas.editor.ui;

import java.awt.event.ActionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import javax.swing.AbstractAction;
import javax.swing.JMenu;
import javax.swing.JMenuItem;
import javax.swing.event.MenuEvent;
import javax.swing.event.MenuListener;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;
import org.openide.util.NbPreferences;
import org.openide.util.actions.Presenter;

/** The ten project files opened last, newest first, kept in the user's preferences; File ▸ Open Recent Project. */
public final class RecentProjects {
    static final int MAX = 10;
    private static final String KEY = "recent.";

    private RecentProjects() {
    }

    private static Preferences prefs() {
        return NbPreferences.forModule(RecentProjects.class);
    }

    public static List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String p = prefs().get(KEY + i, null);
            if (p != null) {
                out.add(Path.of(p));
            }
        }
        return out;
    }

    /** Puts {@code file} first, dropping its older entry and the oldest beyond {@link #MAX}. */
    static void opened(Path file) {
        List<Path> list = list();
        Path abs = file.toAbsolutePath().normalize();
        list.remove(abs);
        list.add(0, abs);
        for (int i = 0; i < MAX; i++) {
            if (i < list.size()) {
                prefs().put(KEY + i, list.get(i).toString());
            } else {
                prefs().remove(KEY + i);
            }
        }
    }

    @ActionID(category = "File", id = "org.layercanvas.editor.ui.OpenRecentProject")
    @ActionRegistration(displayName = "#CTL_OpenRecent", lazy = false)
    @ActionReference(path = "Menu/File", position = 110)
    @Messages("CTL_OpenRecent=Open Recent Project")
    public static final class Menu extends AbstractAction implements Presenter.Menu {
        public Menu() {
            super(Bundle.CTL_OpenRecent());
        }

        @Override
        public void actionPerformed(ActionEvent e) {
        }

        @Override
        public JMenuItem getMenuPresenter() {
            JMenu menu = new JMenu(Bundle.CTL_OpenRecent());
            menu.addMenuListener(new MenuListener() {
                @Override
                public void menuSelected(MenuEvent e) {
                    menu.removeAll();
                    for (Path p : list()) {
                        JMenuItem item = new JMenuItem(p.getFileName() + "  (" + p.getParent() + ")");
                        item.setEnabled(Files.exists(p));
                        item.addActionListener(ev -> open(p));
                        menu.add(item);
                    }
                    if (menu.getItemCount() == 0) {
                        JMenuItem none = new JMenuItem("(none yet)");
                        none.setEnabled(false);
                        menu.add(none);
                    }
                }

                @Override
                public void menuDeselected(MenuEvent e) {
                }

                @Override
                public void menuCanceled(MenuEvent e) {
                }
            });
            return menu;
        }

        private static void open(Path p) {
            try {
                ProjectFilesActions.open(p);
            } catch (IOException ex) {
                DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot open " + p + ":\n" + ex.getMessage(),
                        NotifyDescriptor.ERROR_MESSAGE));
            }
        }
    }
}
