package org.layercanvas.engine.insight;

/** Smoothed lines for noisy per-step curves; the dashboard draws the raw points as well. */
public final class Smoothing {
    private Smoothing() {
    }

    /**
     * TensorBoard's debiased exponential moving average: s_k = m_k / (1 − weight^k) with
     * m_k = weight·m_{k−1} + (1 − weight)·x_k, m_0 = 0, k counting the finite values so far. Without the
     * debias division the line would start near 0 and creep up. As in TensorBoard, a NaN or infinite value
     * is skipped by the average and copied to its output position, so the gap stays visible. weight must be
     * in [0, 1); 0 returns the values unchanged.
     */
    public static double[] debiasedEma(double[] values, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] out = new double[values.length];
        double m = 0;
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            m = weight * m + (1 - weight) * v;
            k++;
            out[i] = m / (1 - Math.pow(weight, k));
        }
        return out;
    }
}
