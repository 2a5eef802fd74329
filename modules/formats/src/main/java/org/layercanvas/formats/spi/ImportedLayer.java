package org.layercanvas.formats.spi;

import org.layercanvas.engine.api.Shape;

/**
 * A layer being imported from ONNX, made by {@link OnnxImport#layer}: its explicit params (the
 * others keep their defaults), its inputs in port order, and its weights in PyTorch's layout.
 */
public interface ImportedLayer {
    /** Connects {@code source} to the next input port. */
    ImportedLayer input(ImportedLayer source);

    /** Sets parameter {@code name} (Keras's name) to {@code value}. */
    ImportedLayer param(String name, Object value);

    /** Sets the values of parameter tensor {@code param} (one of the layer type's {@code parameters}). */
    ImportedLayer weight(String param, Shape shape, float[] values);

    /** The ONNX tensor the layer's output is. */
    String output();
}
