package org.layercanvas.engine.spi;

import java.util.List;
import org.layercanvas.engine.api.Shape;

/**
 * A layer type: a data-only description (name, category, parameters) plus its shape rule, its
 * parameter tensors and the op that runs it. Registered as a {@code java.util.ServiceLoader}
 * service in {@code META-INF/services/org.layercanvas.engine.spi.LayerType}; built-in layers and
 * plugins use the same interface.
 *
 * <p>Order of use: the validator calls {@link #outputShape} for every node (so the canvas can show
 * shapes without running anything); the compiler then calls {@link #parameters} and {@link #create}
 * once per node and runs the returned op many times.
 */
public interface LayerType {
    /** Keras name, e.g. "Dense". Unique among registered types. */
    String name();

    /** Palette group, e.g. "Core", "Activation", "Regularization", "Reshape". */
    String category();

    /** One sentence for tooltips and docs. */
    String description();

    List<ParamSpec> params();

    /**
     * The palette icon: a PNG resource path as {@link Class#getResource} of this class takes it (e.g.
     * {@code "layernorm32.png"} beside the class), drawn at 16 and 32 pixels; null draws the category's
     * coloured square with the type's initial.
     */
    default String iconResource() {
        return null;
    }

    /**
     * {@code value} as parameter {@code name} holds it (coerced to the canonical type), for an edit of a
     * single parameter (the editor's property sheet, a script's {@code set}).
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong (an unknown name lists the known ones)
     */
    default Object coerceParam(String name, Object value) {
        ParamSpec spec = params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                name() + " has no parameter '" + name + "' (parameters: " + String.join(", ", params().stream().map(ParamSpec::name).toList()) + ")"));
        return spec.coerce(value);
    }

    /** Fewest inputs the layer takes (0 for Input). */
    default int minInputs() {
        return 1;
    }

    /** Most inputs the layer takes. */
    default int maxInputs() {
        return 1;
    }

    /** The output shape for these inputs, or a message naming the node and what to do. */
    Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException;

    /** The layer's parameter tensors, in PyTorch state_dict order and layout. */
    default List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        return List.of();
    }

    /**
     * Floating-point operations of the forward pass for one sample (a multiply-add counts 2), for
     * the canvas' totals; element-wise layers count one per output value.
     */
    default long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 0;
    }

    /** The op computing this node; called after {@link #outputShape} succeeded. */
    LayerOp create(LayerConfig config, List<Shape> inputs, Shape output);
}
