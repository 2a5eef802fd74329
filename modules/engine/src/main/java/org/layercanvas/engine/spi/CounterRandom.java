package org.layercanvas.engine.spi;

/**
 * Counter-based random numbers: the i-th number of a stream is a pure function of (seed, i), so
 * every backend, on any number of threads or work-items, draws exactly the same values without
 * state or transfers. Kernels reimplement these few integer operations; this is the reference.
 */
public final class CounterRandom {
    private CounterRandom() {
    }

    /** A 32-bit hash of (seed, i): the "lowbias32" integer mixer applied to both seed halves and i. */
    public static int hash(long seed, int i) {
        int h = mix((int) seed ^ mix((int) (seed >>> 32) ^ 0x9E3779B9));
        return mix(h ^ (i * 0x85EBCA6B));
    }

    public static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7FEB352D;
        x ^= x >>> 15;
        x *= 0x846CA68B;
        x ^= x >>> 16;
        return x;
    }

    /** Uniform in [0, 1): the top 24 bits of {@link #hash}, exactly representable in float. */
    public static float uniform(long seed, int i) {
        return (hash(seed, i) >>> 8) * (1.0f / 16777216f);
    }

    /**
     * Standard normal via Box–Muller from two uniforms of the streams (seed, 2i) and (seed, 2i+1);
     * the first uniform is shifted into (0, 1] so the logarithm is finite.
     */
    public static float gaussian(long seed, int i) {
        float u1 = uniform(seed, 2 * i) + (1.0f / 16777216f);
        float u2 = uniform(seed, 2 * i + 1);
        return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }
}
