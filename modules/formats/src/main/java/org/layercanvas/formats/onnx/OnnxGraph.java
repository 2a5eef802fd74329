package org.layercanvas.formats.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
import org.layercanvas.formats.spi.onnx.Onnx.GraphProto;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorShapeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TypeProto;
import org.layercanvas.formats.spi.onnx.Onnx.ValueInfoProto;

/**
 * Builds an ONNX graph: nodes, initializers and typed inputs/outputs, with unique node names and
 * shared scalar constants. Tensors are float32 (int64 for shapes and axes), stored little-endian
 * in {@code raw_data}.
 */
final class OnnxGraph {
    /** The name of the dynamic batch dimension of every input and output. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> initializers = new HashSet<>();

    OnnxGraph(String name, String doc) {
        graph.setName(name).setDocString(doc);
    }

    GraphProto build() {
        return graph.build();
    }

    /** Adds a node computing {@code outputs} from {@code inputs} ("" for an omitted optional one). */
    void node(String opType, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        String unique = name;
        for (int i = 2; !nodeNames.add(unique); i++) {
            unique = name + "_" + i;
        }
        graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(unique).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(Arrays.asList(attributes)));
    }

    /** A node with one output. */
    void node(String opType, String name, List<String> inputs, String output, AttributeProto... attributes) {
        node(opType, name, inputs, List.of(output), attributes);
    }

    /** A float32 initializer of the given dimensions; returns its name. */
    String floats(String name, long[] dims, float[] values) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalStateException(name + ": " + values.length + " values for dims " + Arrays.toString(dims));
        }
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(boxed(dims)).setRawData(ByteString.copyFrom(raw.array())));
    }

    String floats(String name, Shape shape, float[] values) {
        return floats(name, Arrays.stream(shape.dims()).asLongStream().toArray(), values);
    }

    /** A 1-D int64 initializer (shapes, axes); returns its name. */
    String longs(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
    }

    /** A float32 scalar, added once per value: "const/1.0" etc. */
    String scalar(float value) {
        String name = "const/" + value;
        if (!initializers.contains(name)) {
            floats(name, new long[0], new float[] {value});
        }
        return name;
    }

    private String initializer(TensorProto.Builder t) {
        if (!initializers.add(t.getName())) {
            throw new IllegalStateException("two initializers are named '" + t.getName() + "'");
        }
        graph.addInitializer(t);
        return t.getName();
    }

    /** A graph input of float32 samples of {@code shape} in batches of {@link #BATCH}. */
    void input(String name, Shape shape) {
        graph.addInput(valueInfo(name, shape));
    }

    void output(String name, Shape shape) {
        graph.addOutput(valueInfo(name, shape));
    }

    private static ValueInfoProto valueInfo(String name, Shape shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : shape.dims()) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims))).build();
    }

    private static List<Long> boxed(long[] dims) {
        return Arrays.stream(dims).boxed().toList();
    }
}
