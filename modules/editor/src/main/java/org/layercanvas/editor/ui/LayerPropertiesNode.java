package org.layercanvas.editor.ui;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamKind;
import org.layercanvas.engine.spi.ParamSpec;
import org.openide.nodes.AbstractNode;
import org.openide.nodes.Children;
import org.openide.nodes.PropertySupport;
import org.openide.nodes.Sheet;

/**
 * The selected layer in the Properties window: its parameters with typed editors (numbers,
 * booleans, choices, shapes) that write through {@link ProjectDocument#setParam}, so an invalid
 * value is refused with the engine's message and every change is undoable; plus its id, type,
 * output shape and parameter count, read-only.
 */
final class LayerPropertiesNode extends AbstractNode {
    private final ProjectDocument document;
    private final String nodeId;

    /** @param lookup the project file's, so Save works with a layer selected */
    LayerPropertiesNode(ProjectDocument document, String nodeId, org.openide.util.Lookup lookup) {
        super(Children.LEAF, lookup);
        this.document = document;
        this.nodeId = nodeId;
        setName(nodeId);
        setDisplayName(node().type() + " '" + nodeId + "'");
    }

    private Node node() {
        return document.network().node(nodeId).orElseThrow();
    }

    @Override
    protected Sheet createSheet() {
        Sheet sheet = Sheet.createDefault();
        Sheet.Set layer = Sheet.createPropertiesSet();
        layer.setName("layer");
        layer.setDisplayName("Layer");
        layer.put(readOnly("id", "Id", () -> nodeId));
        layer.put(readOnly("type", "Type", () -> node().type()));
        layer.put(readOnly("shape", "Output shape", () -> {
            Shape s = document.validation().shapes().get(nodeId);
            return s == null ? "unknown" : s.toString();
        }));
        layer.put(readOnly("parameters", "Parameters", () -> String.format("%,d", document.validation().parameterCount(nodeId))));
        sheet.put(layer);
        LayerType type = document.registry().find(node().type()).orElse(null);
        if (type != null) {
            Sheet.Set params = new Sheet.Set();
            params.setName("params");
            params.setDisplayName("Parameters");
            for (ParamSpec spec : type.params()) {
                params.put(new ParamProperty(spec));
            }
            sheet.put(params);
        }
        return sheet;
    }

    /** Called by the editor after every document change so the sheet shows current values. */
    void refresh() {
        if (document.network().node(nodeId).isPresent()) {
            setSheet(createSheet());
        }
    }

    private static PropertySupport.ReadOnly<String> readOnly(String name, String display, java.util.function.Supplier<String> value) {
        return new PropertySupport.ReadOnly<>(name, String.class, display, display) {
            @Override
            public String getValue() {
                return value.get();
            }
        };
    }

    /** One parameter; the Java type follows the spec: Integer, Double, Boolean or String (choices, shapes). */
    private final class ParamProperty extends PropertySupport.ReadWrite<Object> {
        private final ParamSpec spec;

        @SuppressWarnings({"unchecked", "rawtypes"})
        ParamProperty(ParamSpec spec) {
            super(spec.name(), (Class) javaType(spec), spec.name(), spec.description());
            this.spec = spec;
        }

        @Override
        public Object getValue() {
            Object v = node().params().getOrDefault(spec.name(), spec.defaultValue());
            if (v instanceof List<?> list) {
                return Shapes.format(list);
            }
            return v instanceof Integer && spec.kind() != ParamKind.INT ? v.toString() : v;
        }

        @Override
        public void setValue(Object value) throws InvocationTargetException {
            try {
                Object v = value;
                if (spec.kind() == ParamKind.SHAPE) {
                    v = Shapes.parse(String.valueOf(value));
                } else if (spec.kind() == ParamKind.INT_OR_PAIR || spec.kind() == ParamKind.SIDES) {
                    List<Integer> dims = Shapes.parse(String.valueOf(value));
                    v = dims.size() == 1 ? dims.get(0) : dims; // "3" is 3 both ways; "3, 2" or "[3,2]" a list, which the spec checks
                } else if (spec.kind() == ParamKind.INT_OR_CHOICE && value instanceof String s && s.matches("-?\\d+")) {
                    v = Integer.valueOf(s);
                }
                document.setParam(nodeId, spec.name(), v);
            } catch (IllegalArgumentException e) {
                throw UserEdits.refused(e);
            }
        }

        @Override
        public java.beans.PropertyEditor getPropertyEditor() {
            return spec.choices().isEmpty() ? super.getPropertyEditor() : UserEdits.choices(spec.choices());
        }
    }

    private static Class<?> javaType(ParamSpec spec) {
        return switch (spec.kind()) {
            case INT -> Integer.class;
            case FLOAT -> Double.class;
            case BOOLEAN -> Boolean.class;
            case CHOICE, SHAPE, INT_OR_CHOICE, INT_OR_PAIR, SIDES -> String.class;
        };
    }

    /** Shapes are edited as text, "[1,28,28]" or "1, 28, 28". */
    static final class Shapes {
        private Shapes() {
        }

        static String format(List<?> dims) {
            return dims.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        }

        static List<Integer> parse(String text) {
            String t = text.trim().replaceAll("^\\[|\\]$", "").trim();
            List<Integer> dims = new ArrayList<>();
            for (String part : t.split("[,\\s]+")) {
                try {
                    dims.add(Integer.valueOf(part));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a shape is a list of positive integers such as [1,28,28], not \"" + text + "\"");
                }
            }
            return dims;
        }
    }
}
