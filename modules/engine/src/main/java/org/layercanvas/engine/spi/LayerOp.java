package org.layercanvas.engine.spi;

/**
 * The compiled form of one node. The compiler binds its tensors once ({@link Binding}); the plan
 * then calls {@link #forward} and {@link #backward} for each batch.
 */
public interface LayerOp {
    /** Allocates scratch tensors (pre-activations, masks) for batches of up to {@code maxBatch} rows. */
    default void allocate(Backend backend, int maxBatch) {
    }

    /**
     * Computes {@code io.output()} from {@code io.input(i)} and the parameters for {@code batch} rows.
     * {@code training} switches dropout and noise on; {@code seed} is fresh for every step and node.
     */
    void forward(Backend backend, Binding io, int batch, boolean training, long seed);

    /**
     * From {@code io.outputGrad()}, overwrites each {@code io.inputGrad(i)} that is not null and
     * every parameter gradient {@code io.grad(name)}.
     */
    void backward(Backend backend, Binding io, int batch);

    /**
     * A term this layer adds to the loss (the VAE's KL divergence), per row of the batch, valid
     * after {@link #forward}; null for none. The layer's backward adds the term's gradient itself.
     */
    default Tensor auxiliaryLoss() {
        return null;
    }
}
