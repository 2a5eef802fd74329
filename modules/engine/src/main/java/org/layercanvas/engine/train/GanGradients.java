package org.layercanvas.engine.train;

/**
 * How {@link GanTrainer#fit} gets each step's gradients: from its own two plans by default; data-parallel training (the
 * Spark module) instead has other machines each run a slice of the batch, real rows and noise alike, and combines what
 * they return. Either way, afterwards the stepped network's parameter gradients are those of the batch's mean loss; the
 * trainer then takes that network's optimizer step as always.
 */
public interface GanGradients {
    /**
     * The discriminator's gradients on {@code rows} real samples labelled 1 and as many generated ones, G(z), labelled 0.
     *
     * @param at     which batch the real samples are, so that a machine holding the data can read the same rows itself
     * @param real   the batch's samples as the trainer read them
     * @param z      the generator's noise, {@code rows} rows
     * @param gSeed  the step's seed for the generator's dropout and noise; {@code dSeed} the discriminator's
     * @return the mean loss over the 2·rows rows
     */
    double discriminator(BatchGradients.BatchAt at, int rows, float[] real, float[] z, long gSeed, long dSeed);

    /**
     * The generator's gradients of D(G(z)) labelled 1 (through the discriminator, whose weights stay as they are).
     *
     * @return the mean loss over the rows
     */
    double generator(int rows, float[] z, long gSeed, long dSeed);
}
