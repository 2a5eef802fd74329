package org.layercanvas.spark;

import java.io.Serializable;

/**
 * What every slice of a synchronous step sends back, supervised or a GAN's: the stepped network's gradients of the slice's
 * mean loss, the state outside the gradients (running statistics) its forward passes left, and its rows, by which the
 * driver weights both.
 */
interface SliceSums extends Serializable {
    int rows();

    float[] gradients();

    float[] state();
}
