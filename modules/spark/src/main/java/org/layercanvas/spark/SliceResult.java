package org.layercanvas.spark;

/**
 * What one machine sends back for its slice of a batch: every trainable parameter's gradient of the slice's mean loss
 * (in the plan's parameter order, one after the other), each row's loss and each row's outputs, and the state outside the
 * gradients (batch normalisation's running statistics) as the slice's forward pass left it.
 */
record SliceResult(float[] gradients, float[] rowLoss, float[] outputs, float[] state) implements SliceSums {
    @Override
    public int rows() {
        return rowLoss.length;
    }
}
