package org.layercanvas.engine.train;

import java.util.Random;

/**
 * {@link java.util.Random}'s exact sequence (same seed, same numbers, so seeded runs keep their results)
 * with a state that can be written down and set again: the trainers' shuffles and noise continue from a
 * checkpoint as if never interrupted. {@code java.util.Random} keeps its 48-bit state and its spare
 * Gaussian private, so this class keeps its own and reimplements the two methods that touch them.
 */
final class ResumableRandom extends Random {
    private static final long MULTIPLIER = 0x5DEECE66DL, ADDEND = 0xBL, MASK = (1L << 48) - 1;
    // no field initializers: Random's constructor calls setSeed before they would run, and they would undo it
    private long seed;
    private double nextNextGaussian;
    private boolean haveNextNextGaussian;

    ResumableRandom(long seed) {
        super(seed);
    }

    @Override
    public synchronized void setSeed(long seed) {
        this.seed = (seed ^ MULTIPLIER) & MASK;
        haveNextNextGaussian = false;
    }

    @Override
    protected int next(int bits) {
        seed = (seed * MULTIPLIER + ADDEND) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    /** The polar method exactly as {@link Random#nextGaussian()} does it, keeping the spare value here. */
    @Override
    public synchronized double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1, v2, s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }

    /** The whole state as text: the 48-bit seed, then the spare Gaussian's bits when there is one. */
    synchronized String state() {
        return Long.toString(seed) + (haveNextNextGaussian ? ":" + Long.toHexString(Double.doubleToRawLongBits(nextNextGaussian)) : "");
    }

    /** @throws IllegalArgumentException when {@code state} is not what {@link #state()} writes */
    static ResumableRandom fromState(String state) {
        ResumableRandom r = new ResumableRandom(0);
        try {
            String[] parts = state.split(":");
            r.seed = Long.parseLong(parts[0]) & MASK;
            if (parts.length > 1) {
                r.nextNextGaussian = Double.longBitsToDouble(Long.parseUnsignedLong(parts[1], 16));
                r.haveNextNextGaussian = true;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a random generator state: '" + state + "'", e);
        }
        return r;
    }
}
