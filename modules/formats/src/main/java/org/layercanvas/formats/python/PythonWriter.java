package org.layercanvas.formats.python;

import java.util.Map;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.validate.Validation;

/** What the PyTorch and Keras writers share: the validated network and each node's Python name. */
abstract class PythonWriter {
    final Network network;
    final Validation v;
    /** Python variables (and tensor-name prefixes in the weights file) by node id. */
    final Map<String, String> names;

    PythonWriter(Network network, Validation v) {
        this.network = network;
        this.v = v;
        this.names = PythonNames.of(v.order());
    }

    /** The sample shape (without the batch) of node {@code nodeId}'s output. */
    public Shape shape(String nodeId) {
        return v.shapes().get(nodeId);
    }

    /** The Python variable of node {@code nodeId}'s output. */
    public String variable(String nodeId) {
        return names.get(nodeId);
    }
}
