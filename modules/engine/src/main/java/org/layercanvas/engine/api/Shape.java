package org.layercanvas.engine.api;

import java.util.Arrays;

/**
 * The shape of one sample's tensor, without the batch dimension. Images are channels-first
 * {@code [C, H, W]}, sequences {@code [T, F]}.
 */
public final class Shape {
    /** The most elements a Java array may hold on every JVM (some reserve header words in the last few). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * @throws IllegalArgumentException for a dimension below 1, or more elements than a Java array
     *                                  holds: every shape's {@link #size} fits an int, so code may multiply by it
     */
    public static Shape of(int... dims) {
        long elements = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("shape dimensions must be positive: " + Arrays.toString(dims));
            }
            elements *= d; // cannot overflow: it stays at most MAX_ELEMENTS × Integer.MAX_VALUE
            if (elements > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + new Shape(dims.clone()) + " has " + product(dims)
                        + " values, more than a Java array holds (" + MAX_ELEMENTS + ")");
            }
        }
        return new Shape(dims.clone());
    }

    private static java.math.BigInteger product(int[] dims) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : dims) {
            p = p.multiply(java.math.BigInteger.valueOf(d));
        }
        return p;
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements of one sample. */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Written as in the project file and messages: {@code [6,28,28]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(dims[i]);
        }
        return b.append(']').toString();
    }
}
