package org.layercanvas.spark;

/**
 * What one machine sends back for its slice of a GAN's step: the stepped network's gradients of the slice's mean loss
 * (in the plan's parameter order), that loss over its rows, and both networks' state outside the gradients (batch
 * normalisation's running statistics, the generator's then the discriminator's) as the slice's forward passes left it.
 *
 * @param rows the slice's rows of the batch (the discriminator's step ran twice as many: real and generated)
 */
record GanSliceResult(int rows, double loss, float[] gradients, float[] state) implements SliceSums {
}
