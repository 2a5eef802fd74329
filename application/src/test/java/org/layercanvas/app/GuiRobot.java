package org.layercanvas.app;

import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.concurrent.Callable;
import javax.swing.AbstractButton;
import javax.swing.JLabel;
import javax.swing.JList;
import java.util.concurrent.atomic.AtomicReference;
import junit.framework.Assert;

/** Drives the running application as a person would: mouse gestures with java.awt.Robot, screenshots, waiting for the UI. */
final class GuiRobot {
    private final Robot robot;

    GuiRobot() throws AWTException {
        robot = new Robot();
        robot.setAutoDelay(15);
    }

    void drag(Point from, Point to) {
        robot.mouseMove(from.x, from.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        for (int i = 1; i <= 30; i++) {
            robot.mouseMove(from.x + (to.x - from.x) * i / 30, from.y + (to.y - from.y) * i / 30);
        }
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        // a little motion after the release lets AWT finish a drag-and-drop session under Xvfb
        robot.mouseMove(to.x + 5, to.y + 5);
        robot.mouseMove(to.x + 10, to.y + 10);
        robot.waitForIdle();
        robot.delay(500);
    }

    /** A drag that runs {@code beforeRelease} (a screenshot, a check) while the button is still down over the target. */
    void drag(Point from, Point to, java.util.concurrent.Callable<?> beforeRelease) throws Exception {
        robot.mouseMove(from.x, from.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        for (int i = 1; i <= 30; i++) {
            robot.mouseMove(from.x + (to.x - from.x) * i / 30, from.y + (to.y - from.y) * i / 30);
        }
        robot.waitForIdle();
        robot.delay(300);
        try {
            beforeRelease.call();
        } finally {
            robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
            robot.waitForIdle();
        }
    }

    void click(Point at) {
        robot.mouseMove(at.x, at.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
    }

    void rightClick(Point at) {
        robot.mouseMove(at.x, at.y);
        robot.mousePress(InputEvent.BUTTON3_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON3_DOWN_MASK);
        robot.waitForIdle();
    }

    /** Presses the keys together (modifiers first) and releases them in reverse order, as fingers do. */
    void keys(int... codes) {
        for (int c : codes) {
            robot.keyPress(c);
        }
        for (int i = codes.length - 1; i >= 0; i--) {
            robot.keyRelease(codes[i]);
        }
        robot.waitForIdle();
        robot.delay(150);
    }

    /** Types {@code text} key by key (letters, digits, the characters of a file path and of simple JavaScript). */
    void type(String text) {
        for (char ch : text.toCharArray()) {
            // a US keyboard, as Xvfb has: the shifted characters of a path and of a line of JavaScript
            boolean shift = Character.isUpperCase(ch) || "_:()\"{}<>+*!".indexOf(ch) >= 0;
            int code = switch (ch) {
                case '/' -> KeyEvent.VK_SLASH;
                case '.', '>' -> KeyEvent.VK_PERIOD;
                case ',', '<' -> KeyEvent.VK_COMMA;
                case '-', '_' -> KeyEvent.VK_MINUS;
                case '=', '+' -> KeyEvent.VK_EQUALS;
                case ' ' -> KeyEvent.VK_SPACE;
                case ':', ';' -> KeyEvent.VK_SEMICOLON;
                case '(' -> KeyEvent.VK_9;
                case ')' -> KeyEvent.VK_0;
                case '*' -> KeyEvent.VK_8;
                case '!' -> KeyEvent.VK_1;
                case '"', '\'' -> KeyEvent.VK_QUOTE;
                case '{', '[' -> KeyEvent.VK_OPEN_BRACKET;
                case '}', ']' -> KeyEvent.VK_CLOSE_BRACKET;
                default -> KeyEvent.getExtendedKeyCodeForChar(Character.toLowerCase(ch));
            };
            // no wait between keys (each waitForIdle costs up to a second without a window manager)
            if (shift) {
                robot.keyPress(KeyEvent.VK_SHIFT);
            }
            robot.keyPress(code);
            robot.keyRelease(code);
            if (shift) {
                robot.keyRelease(KeyEvent.VK_SHIFT);
            }
        }
        robot.waitForIdle();
    }

    static void invoke(Class<? extends org.openide.util.actions.CallableSystemAction> action) throws Exception {
        onEdt(() -> {
            org.openide.util.actions.CallableSystemAction a = org.openide.util.actions.SystemAction.get(action);
            Assert.assertTrue(a.getName() + " is enabled", a.isEnabled());
            a.performAction();
            return null;
        });
    }

    void screenshot(String name) throws AWTException, java.io.IOException {
        robot.waitForIdle();
        java.io.File dir = new java.io.File(System.getProperty("screenshots.dir", "target/screenshots"));
        dir.mkdirs();
        java.awt.Rectangle screen = new java.awt.Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
        javax.imageio.ImageIO.write(robot.createScreenCapture(screen), "png", new java.io.File(dir, name));
    }

    static Component find(java.util.function.Predicate<Component> match) {
        for (Window w : Window.getWindows()) {
            Component c = find(w, match);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    static Component find(Component c, java.util.function.Predicate<Component> match) {
        if (match.test(c)) {
            return c;
        }
        if (c instanceof Container k) {
            for (Component child : k.getComponents()) {
                Component found = find(child, match);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static <T> T onEdt(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        EventQueue.invokeAndWait(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    static <T> T waitFor(Callable<T> probe, String what) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /**
     * Waits until {@code c} owns the keyboard focus, as a person sees the caret or selection before typing: a click's focus
     * request and the window system's activation reach the focus manager later than the click's own event.
     */
    static void waitForFocus(java.awt.Component c, String what) throws Exception {
        try {
            waitFor(() -> onEdt(() -> c.isFocusOwner() ? Boolean.TRUE : null), what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the focus is on "
                    + onEdt(() -> java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusOwner()), e);
        }
    }

    /** The network editor on screen, or null. */
    static org.layercanvas.editor.ui.NetworkEditorTopComponent editorShowing() throws Exception {
        return onEdt(() -> {
            for (org.openide.windows.TopComponent tc : org.openide.windows.WindowManager.getDefault().getRegistry().getOpened()) {
                if (tc instanceof org.layercanvas.editor.ui.NetworkEditorTopComponent e && e.isShowing()) {
                    return e;
                }
            }
            return null;
        });
    }

    /** The on-screen centre of a component. */
    static Point centre(Component c) throws Exception {
        return onEdt(() -> {
            Point p = c.getLocationOnScreen();
            return new Point(p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
        });
    }

    /**
     * The on-screen centre of the showing component named {@code name}, found and measured in one event: a window being
     * arranged can hide the component found a moment before.
     */
    static Point centreOf(String name) throws Exception {
        return waitFor(() -> onEdt(() -> {
            Component c = find(x -> name.equals(x.getName()) && x.isShowing());
            if (c == null) {
                return null;
            }
            Point p = c.getLocationOnScreen();
            return new Point(p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
        }), name);
    }

    /** The on-screen centre of {@code tabs}' tab {@code index}. */
    static Point tabOnScreen(javax.swing.JTabbedPane tabs, int index) throws Exception {
        return onEdt(() -> {
            Rectangle r = tabs.getBoundsAt(index);
            Point p = tabs.getLocationOnScreen();
            return new Point(p.x + r.x + r.width / 2, p.y + r.y + r.height / 2);
        });
    }

    /** The on-screen centre of a pin. */
    static Point pinOnScreen(org.layercanvas.editor.scene.NetworkScene scene, org.layercanvas.editor.scene.PinKey pin) throws Exception {
        return onEdt(() -> {
            org.netbeans.api.visual.widget.Widget w = scene.findWidget(pin);
            java.awt.Rectangle r = w.convertLocalToScene(w.getBounds());
            return onScreen(scene, new Point(r.x + r.width / 2, r.y + r.height / 2));
        });
    }

    /** A point in a layer's header, where a click selects it (scrolled into view first). */
    static Point nodeOnScreen(org.layercanvas.editor.scene.NetworkScene scene, String id) throws Exception {
        return onEdt(() -> {
            org.netbeans.api.visual.widget.Widget w = scene.findWidget(id);
            java.awt.Rectangle r = w.convertLocalToScene(w.getBounds());
            Point v = scene.convertSceneToView(new Point(r.x + r.width / 2, r.y + 12));
            scene.getView().scrollRectToVisible(new java.awt.Rectangle(v.x - 40, v.y - 40, 80, 80));
            return onScreen(scene, new Point(r.x + r.width / 2, r.y + 12));
        });
    }

    private static Point onScreen(org.layercanvas.editor.scene.NetworkScene scene, Point inScene) {
        Point v = scene.convertSceneToView(inScene);
        Point s = scene.getView().getLocationOnScreen();
        return new Point(s.x + v.x, s.y + v.y);
    }

    /** The on-screen centre of the main window's menu {@code text}. */
    static Point menuOnScreen(String text) {
        javax.swing.JMenuBar bar = ((javax.swing.JFrame) org.openide.windows.WindowManager.getDefault().getMainWindow()).getJMenuBar();
        for (int i = 0; i < bar.getMenuCount(); i++) {
            if (bar.getMenu(i) != null && text.equals(bar.getMenu(i).getText())) {
                Point p = bar.getMenu(i).getLocationOnScreen();
                return new Point(p.x + bar.getMenu(i).getWidth() / 2, p.y + bar.getMenu(i).getHeight() / 2);
            }
        }
        return null;
    }

    /** The showing component named {@code name}, once there is one. */
    static Component named(String name) throws Exception {
        return waitFor(() -> onEdt(() -> find(c -> name.equals(c.getName()) && c.isShowing())), name);
    }

    /** The menu item {@code text} of an open menu, or null. */
    static javax.swing.JMenuItem showingItem(String text) {
        return (javax.swing.JMenuItem) find(c -> c instanceof javax.swing.JMenuItem i && i.isShowing() && text.equals(i.getText()));
    }

    /** The on-screen centre of the palette item whose renderer shows {@code text}, or null. */
    static Point paletteItem(String text) {
        JList<?> list = (JList<?>) find(c -> c instanceof JList<?> l && l.isShowing() && index(l, text) >= 0);
        return list == null ? null : listItem(list, text);
    }

    /** The on-screen centre of {@code list}'s item whose renderer shows {@code text}. */
    static Point listItem(JList<?> list, String text) {
        Rectangle cell = list.getCellBounds(index(list, text), index(list, text));
        Point p = list.getLocationOnScreen();
        return new Point(p.x + cell.x + cell.width / 2, p.y + cell.y + cell.height / 2);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int index(JList list, String text) {
        for (int i = 0; i < list.getModel().getSize(); i++) {
            Component r = list.getCellRenderer().getListCellRendererComponent(list, list.getModel().getElementAt(i), i, false, false);
            String shown = r instanceof AbstractButton b ? b.getText() : r instanceof JLabel l ? l.getText() : String.valueOf(list.getModel().getElementAt(i));
            if (text.equals(shown)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The running application for a GUI test class: the built clusters (not the test class path, which
     * fails in a reactor build), every module, autoload/eager modules as the application has them (else
     * OSGi is forced on and the VM dies).
     */
    static junit.framework.Test suite(Class<? extends junit.framework.TestCase> test) {
        return org.netbeans.junit.NbModuleSuite.createConfiguration(test).gui(true).enableClasspathModules(false)
                .clusters(".*").enableModules(".*").honorAutoloadEager(true).suite();
    }
}
