package org.layercanvas.engine.layers;

/**
 * The statistics LDA and QDA fit (as the lecture derives them): per class the prior, the mean
 * and the maximum-likelihood covariance; plus the small dense linear algebra they need (inverse
 * and log-determinant by Cholesky, in double precision).
 */
final class GaussianClasses {
    final int d;
    final double[] prior = new double[2];
    final double[][] mean = new double[2][];
    final double[][][] cov = new double[2][][];

    GaussianClasses(int d, float[] x, float[] targets, int count) {
        this.d = d;
        int[] n = new int[2];
        for (int k = 0; k < 2; k++) {
            mean[k] = new double[d];
            cov[k] = new double[d][d];
        }
        for (int i = 0; i < count; i++) {
            int k = cls(targets[i], i);
            n[k]++;
            for (int a = 0; a < d; a++) {
                mean[k][a] += x[i * d + a];
            }
        }
        if (n[0] == 0 || n[1] == 0) {
            throw new IllegalArgumentException("LDA/QDA need training samples of both classes (0 and 1); found " + n[0] + " and " + n[1]);
        }
        for (int k = 0; k < 2; k++) {
            for (int a = 0; a < d; a++) {
                mean[k][a] /= n[k];
            }
            prior[k] = (double) n[k] / count;
        }
        for (int i = 0; i < count; i++) {
            int k = cls(targets[i], i);
            for (int a = 0; a < d; a++) {
                double da = x[i * d + a] - mean[k][a];
                for (int b = 0; b < d; b++) {
                    cov[k][a][b] += da * (x[i * d + b] - mean[k][b]);
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[k][a][b] /= n[k];
                }
            }
        }
    }

    private static int cls(float t, int i) {
        if (t != 0 && t != 1) {
            throw new IllegalArgumentException("LDA/QDA need class labels 0 or 1; sample " + i + " has " + t);
        }
        return (int) t;
    }

    /** The covariance shared by both classes in LDA: the prior-weighted average of the two. */
    double[][] pooled() {
        double[][] p = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                p[a][b] = prior[0] * cov[0][a][b] + prior[1] * cov[1][a][b];
            }
        }
        return p;
    }

    /** Lower-triangular L with L·Lᵀ = m. */
    static double[][] cholesky(double[][] m, String what) {
        int d = m.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = m[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (s <= 1e-12 * Math.max(1, Math.abs(m[i][i]))) {
                        throw new IllegalArgumentException(what + " is singular: feature " + i + " is constant or a combination of others");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    static double[][] inverse(double[][] m, String what) {
        int d = m.length;
        double[][] l = cholesky(m, what), inv = new double[d][d];
        for (int c = 0; c < d; c++) {
            double[] y = new double[d];
            for (int i = 0; i < d; i++) {
                double s = i == c ? 1 : 0;
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * y[k];
                }
                y[i] = s / l[i][i];
            }
            for (int i = d - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < d; k++) {
                    s -= l[k][i] * inv[k][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        return inv;
    }

    static double logDet(double[][] m, String what) {
        double[][] l = cholesky(m, what);
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += 2 * Math.log(l[i][i]);
        }
        return s;
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
