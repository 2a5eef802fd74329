package org.layercanvas.editor.welcome;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Cursor;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.border.Border;
import org.layercanvas.editor.model.Templates.Template;

/** One bundled example on the Welcome page: title, one line of description, layer count; a click opens it. */
final class ExampleCard extends JPanel {
    private static final Color CARD = new Color(0xf4, 0xf7, 0xfb);
    private static final Color HOVER = new Color(0xe3, 0xec, 0xf8);
    private static final Border EDGE = BorderFactory.createCompoundBorder(
            BorderFactory.createLineBorder(new Color(0xc5, 0xd3, 0xe6)), BorderFactory.createEmptyBorder(8, 10, 8, 10));
    private final JLabel size = new JLabel(" ");

    ExampleCard(Template template, Runnable open) {
        super(new BorderLayout(0, 4));
        setBackground(CARD);
        setBorder(EDGE);
        setCursor(Cursor.getPredefinedCursor(Cursor.HAND_CURSOR));
        setPreferredSize(new Dimension(220, 116));
        setToolTipText("Open " + template.title() + " (copied to " + Examples.home().resolve(Examples.name(template)) + " the first time)");
        JLabel title = new JLabel(template.title());
        title.setFont(title.getFont().deriveFont(Font.BOLD));
        title.setForeground(new Color(0x1f, 0x3a, 0x68));
        JLabel description = new JLabel("<html>" + template.description() + "</html>");
        description.setVerticalAlignment(JLabel.TOP);
        size.setForeground(Color.GRAY);
        add(title, BorderLayout.NORTH);
        add(description, BorderLayout.CENTER);
        add(size, BorderLayout.SOUTH);
        addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                open.run();
            }

            @Override
            public void mouseEntered(MouseEvent e) {
                setBackground(HOVER);
            }

            @Override
            public void mouseExited(MouseEvent e) {
                setBackground(CARD);
            }
        });
    }

    /** Set once the template has been parsed in the background. */
    void showSize(String text) {
        size.setText(text);
    }
}
