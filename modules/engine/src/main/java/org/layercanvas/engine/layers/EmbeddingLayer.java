package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.train.Initializers;

/**
 * Looks up a learned vector for each whole-number index of its input (words, categories, station ids): input [steps] (any
 * shape) → [steps, output_dim], Keras's Embedding; the table {@code weight} [input_dim, output_dim] as PyTorch's
 * nn.Embedding. Runs as the backends' gather, and its gradient as their scatter of rows. The indices come from data, so
 * each batch's are checked on the host: an index that is not a whole number in [0, input_dim) stops the run, naming the
 * node, rather than silently looking up zeros.
 */
public final class EmbeddingLayer implements LayerType {
    @Override
    public String name() {
        return "Embedding";
    }

    @Override
    public String category() {
        return "Core";
    }

    @Override
    public String description() {
        return "Turns whole-number indices 0…input_dim−1 (categories, words) into learned vectors of output_dim values.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.intParam("input_dim", null, 1, "How many different indices there are: inputs run from 0 to input_dim − 1."),
                ParamSpec.intParam("output_dim", null, 1, "Length of each index's vector."),
                ParamSpec.choice("embeddings_initializer", "glorot_uniform", Initializers.names(), "How the vectors start."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        int d = config.getInt("output_dim");
        if ((long) in.size() * d > Integer.MAX_VALUE || (long) config.getInt("input_dim") * d > Integer.MAX_VALUE) {
            throw new ShapeException(config.describe() + ": " + config.getInt("input_dim") + " vectors of " + d + " values for the " + in + " output of "
                    + config.input(0) + " are too large");
        }
        int[] dims = new int[in.rank() + 1];
        System.arraycopy(in.dims(), 0, dims, 0, in.rank());
        dims[in.rank()] = d;
        return Shape.of(dims);
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        return List.of(new ParamTensor("weight", Shape.of(config.getInt("input_dim"), config.getInt("output_dim")),
                config.getString("embeddings_initializer")));
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return output.size();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new Op(config.describe(), inputs.get(0).size(), config.getInt("output_dim"), config.getInt("input_dim"));
    }

    private static final class Op implements LayerOp {
        private final String node;
        private final int indices, dim, tableRows;
        private float[] host;

        Op(String node, int indices, int dim, int tableRows) {
            this.node = node;
            this.indices = indices;
            this.dim = dim;
            this.tableRows = tableRows;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            host = new float[Math.multiplyExact(maxBatch, indices)];
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            int rows = batch * indices;
            b.read(io.input(0), host, 0, rows);
            for (int r = 0; r < rows; r++) {
                if (ReferenceBackend.tableRow(host[r], tableRows) < 0) {
                    throw new IllegalArgumentException(node + ": index " + host[r] + " (sample " + (r / indices + 1) + " of the batch, value "
                            + (r % indices + 1) + ") is not a whole number from 0 to " + (tableRows - 1) + " (input_dim " + tableRows
                            + "); an Embedding needs the raw index column, not normalised");
                }
            }
            b.gather(io.param("weight"), io.input(0), io.output(), rows, dim, tableRows);
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            int rows = batch * indices;
            b.scatterRows(io.outputGrad(), io.input(0), io.grad("weight"), rows, dim, tableRows);
            if (io.inputGrad(0) != null) {
                b.fill(io.inputGrad(0), 0f, rows); // indices have no gradient
            }
        }
    }
}
