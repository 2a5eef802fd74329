package org.layercanvas.formats.spi;

import java.util.Collection;
import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/**
 * The ONNX graph being imported, as an {@link OnnxAdapter} sees it: the layers made so far by the
 * tensor they output, the constants, who reads which tensor, and where to record problems. The
 * importer walks the nodes in order; every problem is collected and the import refused at the end
 * with all of them.
 */
public interface OnnxImport {
    /** The model's default-domain opset (attribute defaults changed between versions). */
    long opset();

    /** Records that {@code node} cannot be imported: "{@code <operator> (node '<name>'): what}". */
    void problem(NodeProto node, String what);

    /** The layer whose output is input {@code i} of {@code node}, or null after recording why there is none. */
    ImportedLayer value(NodeProto node, int i);

    /** The layer whose output is {@code tensor}, or null. */
    ImportedLayer valueOf(String tensor);

    /** The layer whose [batch, steps, features] output {@code tensor} is the time-major transpose of (for LSTM and RNN), or null. */
    ImportedLayer timeMajor(String tensor);

    /** Input {@code i} of {@code node} as a constant, or null after recording that its {@code what} must be one. */
    TensorProto constant(NodeProto node, int i, String what);

    /** The constant (initializer or Constant node) named {@code tensor}, or null. */
    TensorProto constant(String tensor);

    /** Makes {@code tensor} another name of a constant, for the nodes after. */
    void defineConstant(String tensor, TensorProto value);

    /** Whether {@code tensor} is an all-zero initial state of LSTM / RNN (zeros, or ConstantOfShape 0 that feeds only states). */
    boolean isZeroState(String tensor);

    /** A new layer of type {@code type} imported from {@code node} whose output is the tensor {@code output}. */
    ImportedLayer layer(String type, NodeProto node, String output);

    /** Makes {@code tensor} another name of layer {@code l}'s output (a node that passes its input through). */
    void alias(String tensor, ImportedLayer l);

    /** Moves layer {@code l}'s output to {@code tensor}, when a pattern folds the nodes after it into it. */
    void moveOutput(ImportedLayer l, String tensor);

    /** The sample shape of {@code l}'s output, inferred on the layers so far, or null when it cannot be. */
    Shape shape(ImportedLayer l);

    /** {@link #shape}, or null after recording that the shape of {@code node}'s input {@code l} cannot be inferred. */
    Shape shapeOrProblem(NodeProto node, ImportedLayer l);

    /** The nodes that read {@code tensor}. */
    List<NodeProto> consumers(String tensor);

    /** The one default-domain node that reads {@code tensor} (once), when nothing else does and it is no graph output; else null. */
    NodeProto soleConsumer(String tensor);

    /** Whether {@code tensor} is an output of the graph. */
    boolean isGraphOutput(String tensor);

    /** Marks nodes after the current one as part of its pattern, so that they are not imported on their own. */
    void consume(Collection<NodeProto> nodes);
}
