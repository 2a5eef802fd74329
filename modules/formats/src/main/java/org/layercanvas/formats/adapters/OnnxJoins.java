package org.layercanvas.formats.adapters;

import java.util.List;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.OnnxImport;

/** What the importers of Add and Concatenate share: a node that joins the outputs of several layers. */
final class OnnxJoins {
    private OnnxJoins() {
    }

    /**
     * A {@code type} layer reading {@code sources} in order, as node {@code n}'s output; a single
     * source is passed through instead (a join of one changes nothing). Null, and no layer, when a
     * source is missing (its problem is recorded already) or for a single source.
     */
    static ImportedLayer join(String type, NodeProto n, List<ImportedLayer> sources, OnnxImport onnx) {
        if (sources.contains(null)) {
            return null;
        }
        if (sources.size() == 1) {
            onnx.alias(n.getOutput(0), sources.get(0));
            return null;
        }
        ImportedLayer joined = onnx.layer(type, n, n.getOutput(0));
        sources.forEach(joined::input);
        return joined;
    }
}
