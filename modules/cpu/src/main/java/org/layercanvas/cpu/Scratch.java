package org.layercanvas.cpu;

/**
 * Working arrays kept between calls and grown to the largest size asked, so that an op allocates nothing once
 * training is under way. Each slot holds one array; the owner numbers its slots and uses an instance from one
 * thread at a time.
 */
final class Scratch {
    private final float[][] floats;
    private final double[][] doubles;
    private final int[][] ints;

    Scratch(int floatSlots, int doubleSlots) {
        this(floatSlots, doubleSlots, 0);
    }

    Scratch(int floatSlots, int doubleSlots, int intSlots) {
        floats = new float[floatSlots][0];
        doubles = new double[doubleSlots][0];
        ints = new int[intSlots][0];
    }

    /** Slot {@code slot}'s float array, at least {@code n} long (its contents are whatever was left in it). */
    float[] floats(int slot, int n) {
        if (floats[slot].length < n) {
            floats[slot] = new float[n];
        }
        return floats[slot];
    }

    /** Slot {@code slot}'s double array, at least {@code n} long. */
    double[] doubles(int slot, int n) {
        if (doubles[slot].length < n) {
            doubles[slot] = new double[n];
        }
        return doubles[slot];
    }

    /** Slot {@code slot}'s int array, at least {@code n} long. */
    int[] ints(int slot, int n) {
        if (ints[slot].length < n) {
            ints[slot] = new int[n];
        }
        return ints[slot];
    }
}
