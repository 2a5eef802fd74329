package org.layercanvas.formats.spi;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;

/**
 * A layer type in ONNX (default domain, the exporter's opset): the nodes it exports to, and the
 * operators, alone or in patterns, that import as it. Register implementations in
 * {@code META-INF/services/org.layercanvas.formats.spi.OnnxAdapter}.
 */
public interface OnnxAdapter extends FormatAdapter {
    /**
     * Refuses a configuration ONNX cannot express, before anything is written; by default every
     * configuration is exportable.
     *
     * @throws IllegalArgumentException "cannot export … to ONNX: …", saying why
     */
    default void checkExport(LayerConfig config) {
    }

    /**
     * Writes node {@code config} as ONNX nodes whose final output is the tensor named by the node's id.
     *
     * @param inputs the tensors of the node's inputs, by port (the ids of the nodes feeding it)
     */
    void export(LayerConfig config, List<String> inputs, OnnxExport onnx);

    /** The ONNX operators (default domain) whose nodes {@link #importNode} reads; none by default. */
    default Set<String> operators() {
        return Set.of();
    }

    /**
     * Imports {@code node}, one of {@link #operators()} that no earlier pattern consumed: adds the
     * layer it maps to through {@code onnx}, or records why it cannot be imported. A pattern spanning
     * more nodes consumes the others through {@link OnnxImport#consume}.
     *
     * @throws Unreadable a tensor the node reads cannot be read; recorded as the node's problem
     */
    default void importNode(NodeProto node, OnnxImport onnx) throws Unreadable {
        throw new IllegalStateException(getClass().getName() + " names operators but does not import them");
    }
}
