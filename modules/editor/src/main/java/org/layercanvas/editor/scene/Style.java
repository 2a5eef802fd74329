package org.layercanvas.editor.scene;

import java.awt.Color;
import java.awt.Font;

/** Colours and fonts of the canvas, one place so nodes, pins and edges agree. */
public final class Style {
    static final Color CANVAS = new Color(0xF7, 0xF8, 0xFA);
    static final Color NODE_FILL = Color.WHITE;
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x66, 0x6E, 0x7A);
    static final Color SHAPE = new Color(0x1F, 0x3A, 0x68);
    static final Color ERROR = new Color(0xD3, 0x2F, 0x2F);
    static final Color EDGE = new Color(0x55, 0x6B, 0x8D);
    static final Color SELECTED = new Color(0x2F, 0x80, 0xED);
    static final Color SELECTED_HALO = new Color(0x2F, 0x80, 0xED, 0x60);
    /** Numbers of a stepped batch on a layer. */
    static final Color STEP = new Color(0x6A, 0x1B, 0x9A);
    static final Color PIN = new Color(0x55, 0x6B, 0x8D);
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final int NODE_WIDTH = 168;

    private Style() {
    }

    /** The header colour of a palette category, so the kind of a layer shows at a glance. */
    public static Color category(String category) {
        return switch (category) {
            case "Core" -> new Color(0x3B, 0x7D, 0xD8);
            case "Activation" -> new Color(0xE0, 0x8E, 0x0B);
            case "Regularization" -> new Color(0x8E, 0x5C, 0xC4);
            case "Reshape" -> new Color(0x2E, 0x9E, 0x6A);
            case "Convolution", "Pooling" -> new Color(0x0E, 0x8F, 0x9E);
            case "Recurrent" -> new Color(0xC2, 0x4E, 0x6B);
            case "Merge" -> new Color(0x5C, 0x6B, 0xC0);
            case "Classical" -> new Color(0x8D, 0x6E, 0x63);
            default -> new Color(0x70, 0x7A, 0x88);
        };
    }
}
