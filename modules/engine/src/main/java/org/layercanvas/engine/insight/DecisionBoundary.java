package org.layercanvas.engine.insight;

/**
 * A classifier with two inputs evaluated on a grid over the data, as TensorFlow Playground draws it.
 * {@code values[iy * nx + ix]} is P(class 1) for one output, or the predicted class index for several
 * ({@code classes} tells which). {@code points} holds (x, y) pairs of a sample of the training data and
 * {@code labels} their classes.
 */
public record DecisionBoundary(double xLo, double xHi, double yLo, double yHi, int nx, int ny, int classes,
                               float[] values, float[] points, int[] labels) {
    public double x(int ix) {
        return xLo + (xHi - xLo) * (ix + 0.5) / nx;
    }

    public double y(int iy) {
        return yLo + (yHi - yLo) * (iy + 0.5) / ny;
    }
}
