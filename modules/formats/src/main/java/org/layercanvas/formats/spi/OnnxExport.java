package org.layercanvas.formats.spi;

import java.util.List;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;

/**
 * The ONNX graph being written, as an {@link OnnxAdapter} sees it: the validated network's shapes
 * and weights, and the means to add nodes and initializers. Tensors are float32 with the batch
 * first; attributes are made with {@link OnnxNodes}.
 */
public interface OnnxExport {
    /** The sample shape (without the batch) of node {@code nodeId}'s output. */
    Shape shape(String nodeId);

    /** Parameter {@code param} of node {@code nodeId}, as stored (PyTorch's layout). */
    WeightTensor weight(String nodeId, String param);

    /** Parameter {@code param} of node {@code nodeId} as an initializer named "{@code nodeId/param}"; returns its name. */
    String initializer(String nodeId, String param);

    /** A float32 initializer of the given dimensions; returns its name. */
    String floats(String name, long[] dims, float[] values);

    /** A 1-D int64 initializer (shapes, axes); returns its name. */
    String longs(String name, long... values);

    /** A float32 scalar initializer, shared by every node that uses the same value; returns its name. */
    String scalar(float value);

    /** A graph input named {@code name} of float32 samples of {@code shape} in batches. */
    void input(String name, Shape shape);

    /** Adds a node computing {@code outputs} from {@code inputs} ("" for an omitted optional one); the name is made unique. */
    void node(String opType, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes);

    /** A node with one output. */
    void node(String opType, String name, List<String> inputs, String output, AttributeProto... attributes);
}
