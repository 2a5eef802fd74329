package org.layercanvas.engine.train;

/**
 * How {@link Trainer#fit} gets a batch's gradients. By default it runs the batch on its own plan
 * ({@link Trainer#runSlice}); data-parallel training (the Spark module) instead has other machines each run a slice of
 * the batch and combines what they return. Either way, afterwards every parameter's gradient is that of the batch's
 * mean loss, the plan's output holds the rows' outputs and {@code rowLoss} each row's loss, auxiliary terms included; the
 * trainer then takes the optimizer step as always.
 */
@FunctionalInterface
public interface BatchGradients {
    /**
     * @param at   which batch it is, so that a machine holding the data can read the same rows itself
     * @param xs   the batch's features as the trainer read them ({@code rows} samples)
     * @param ys   its targets
     * @param seed the step's seed for dropout and noise
     */
    void run(BatchAt at, int rows, float[] xs, float[] ys, long seed, float[] rowLoss);

    /**
     * Whether {@link #run} also took the optimizer step, leaving the plan with the weights after it (parameter averaging:
     * the machines train on and the weights come back averaged); then the trainer takes none itself.
     */
    default boolean updatesWeights() {
        return false;
    }

    /**
     * How many batches, {@code at} the first, the next {@link #run} computes together: 1, or the batches of a round that
     * is trained at once (parameter averaging; their results then come without further work); 0 when {@code at}'s result
     * is already there. Training neither stops nor writes a checkpoint before a batch of 0: its round is already in the
     * weights, and resumed from there it would be trained twice.
     */
    default int computedTogether(BatchAt at) {
        return 1;
    }

    /** Told the trainer that takes its batches ({@link Trainer#gradientsFrom}): one that updates weights keeps its optimizer's state current. */
    default void attach(Trainer trainer) {
    }

    /**
     * A batch's place in training.
     *
     * @param epoch               from 1
     * @param batch               its place in the epoch, from 0
     * @param shuffleAtEpochStart the state of the trainer's shuffling generator when the epoch began (the epoch's order
     *                            follows from it: {@link BatchSlices} reads any batch's rows with it)
     */
    record BatchAt(int epoch, int batch, String shuffleAtEpochStart) {
    }
}
