package org.layercanvas.editor.ui;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.datatransfer.Transferable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.swing.AbstractAction;
import javax.swing.Action;
import org.layercanvas.editor.scene.Style;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.netbeans.spi.palette.PaletteActions;
import org.netbeans.spi.palette.PaletteController;
import org.netbeans.spi.palette.PaletteFactory;
import org.openide.nodes.AbstractNode;
import org.openide.nodes.Children;
import org.openide.nodes.Node;
import org.openide.util.Lookup;
import org.openide.util.datatransfer.ExTransferable;
import org.openide.util.lookup.Lookups;

/**
 * The palette: every registered layer type, grouped by category, with a coloured icon and its
 * description as tooltip. Items carry their {@link LayerType} in their lookup; dragging one onto
 * the canvas or double-clicking it adds a node.
 */
final class LayerPalette {
    private final Children.Array categories = new Children.Array();
    private final PaletteController controller;

    /** @param addToActiveEditor called with the type on double-click */
    LayerPalette(LayerRegistry registry, Consumer<LayerType> addToActiveEditor, Search search) {
        fill(categories, registry);
        AbstractNode root = new AbstractNode(categories);
        root.setName("Layers");
        controller = PaletteFactory.createPalette(root, new Actions(addToActiveEditor), search, null);
    }

    PaletteController controller() {
        return controller;
    }

    /** Shows the layer types of {@code registry} from now on, e.g. after a plugin was installed. */
    void update(LayerRegistry registry) {
        categories.remove(categories.getNodes());
        fill(categories, registry);
        controller.refresh();
    }

    private static void fill(Children.Array categories, LayerRegistry registry) {
        Map<String, List<LayerType>> byCategory = new TreeMap<>();
        for (LayerType t : registry.all()) {
            byCategory.computeIfAbsent(t.category(), k -> new java.util.ArrayList<>()).add(t);
        }
        byCategory.forEach((category, types) -> {
            Children.Array items = new Children.Array();
            items.add(types.stream().map(ItemNode::new).toArray(Node[]::new));
            AbstractNode c = new AbstractNode(items, Lookups.singleton(new Category(List.copyOf(types))));
            c.setName(category);
            categories.add(new Node[] {c});
        });
    }

    /** The layer types of one palette category, so the filter can tell whether any of them matches. */
    private record Category(List<LayerType> types) {
    }

    /** Whether {@code type} matches what the user typed: its name, category or description contain every word. */
    static boolean matches(LayerType type, String query) {
        String text = (type.name() + " " + type.category() + " " + type.description()).toLowerCase(java.util.Locale.ROOT);
        for (String word : query.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
            if (!text.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** Shows only the layer types matching the query (all when blank), and only categories with a match. */
    static final class Search extends org.netbeans.spi.palette.PaletteFilter {
        private volatile String query = "";

        /** Filters by {@code text} from now on; the palette shows it after its {@code refresh()}. */
        void set(String text) {
            query = text;
        }

        @Override
        public boolean isValidCategory(Lookup lkp) {
            Category c = lkp.lookup(Category.class);
            return c == null || c.types().stream().anyMatch(t -> matches(t, query));
        }

        @Override
        public boolean isValidItem(Lookup lkp) {
            LayerType t = lkp.lookup(LayerType.class);
            return t == null || matches(t, query);
        }
    }

    /**
     * The type's own icon ({@link LayerType#iconResource()}, a plugin's for instance) at {@code size} pixels,
     * else a square in the category's colour with the type's initial: the same colour as the node headers.
     */
    static Image icon(LayerType type, int size) {
        java.net.URL own = type.iconResource() == null ? null : type.getClass().getResource(type.iconResource());
        if (own != null) {
            return new javax.swing.ImageIcon(own).getImage().getScaledInstance(size, size, Image.SCALE_SMOOTH);
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Style.category(type.category()));
        g.fillRoundRect(0, 0, size, size, size / 3, size / 3);
        g.setColor(Color.WHITE);
        g.setFont(Style.TITLE.deriveFont(size * 0.6f));
        String letter = type.name().substring(0, 1);
        int w = g.getFontMetrics().stringWidth(letter);
        g.drawString(letter, (size - w) / 2, size * 3 / 4);
        g.dispose();
        return img;
    }

    static final class ItemNode extends AbstractNode {
        private final LayerType type;

        ItemNode(LayerType type) {
            super(Children.LEAF, Lookups.singleton(type));
            this.type = type;
            setName(type.name());
            setShortDescription(type.description());
        }

        @Override
        public Image getIcon(int kind) {
            return icon(type, kind == java.beans.BeanInfo.ICON_COLOR_32x32 ? 32 : 16);
        }

        @Override
        public Transferable drag() throws IOException {
            ExTransferable t = ExTransferable.create(super.drag());
            t.put(new ExTransferable.Single(PaletteController.ITEM_DATA_FLAVOR) {
                @Override
                protected Object getData() {
                    return getLookup();
                }
            });
            return t;
        }
    }

    private static final class Actions extends PaletteActions {
        private final Consumer<LayerType> add;

        Actions(Consumer<LayerType> add) {
            this.add = add;
        }

        @Override
        public Action[] getImportActions() {
            return new Action[0];
        }

        @Override
        public Action[] getCustomPaletteActions() {
            return new Action[0];
        }

        @Override
        public Action[] getCustomCategoryActions(Lookup category) {
            return new Action[0];
        }

        @Override
        public Action[] getCustomItemActions(Lookup item) {
            return new Action[0];
        }

        @Override
        public Action getPreferredAction(Lookup item) {
            LayerType type = item.lookup(LayerType.class);
            return type == null ? null : new AbstractAction("Add " + type.name()) {
                @Override
                public void actionPerformed(java.awt.event.ActionEvent e) {
                    add.accept(type);
                }
            };
        }
    }
}
