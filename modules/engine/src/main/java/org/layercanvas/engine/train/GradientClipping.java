package org.layercanvas.engine.train;

import java.util.List;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * Keras's gradient clipping, applied to each gradient tensor before the optimizer uses it:
 * {@code clipnorm} scales a gradient whose own L2 norm exceeds it down to that norm (per variable, as
 * Keras does, not over all gradients together); {@code clipvalue} limits every element to
 * [−clipvalue, clipvalue]. Built from the backend's existing ops, so it runs on every backend and the
 * gradients stay on the device; only one number per gradient (its squared norm) comes back for clipnorm.
 */
final class GradientClipping {
    private final float clipnorm, clipvalue;
    private Tensor squaredNorm, scale, minusLimit, minusOne, excess, relu;
    private int capacity;

    /** @param clipnorm 0 for none; @param clipvalue 0 for none */
    GradientClipping(float clipnorm, float clipvalue) {
        this.clipnorm = clipnorm;
        this.clipvalue = clipvalue;
    }

    void apply(Backend b, List<Parameter> params) {
        for (Parameter p : params) {
            if (p.grad() == null) {
                continue;
            }
            ensureCapacity(b, params);
            if (clipnorm > 0) {
                clipNorm(b, p.grad(), p.size());
            }
            if (clipvalue > 0) {
                clipValue(b, p.grad(), p.size());
            }
        }
    }

    private void clipNorm(Backend b, Tensor g, int n) {
        b.gemm(false, false, 1, 1, n, g, g, 0f, squaredNorm); // g·g as a 1×n by n×1 product
        float[] s = new float[1];
        b.read(squaredNorm, s, 0, 1);
        double norm = Math.sqrt(s[0]);
        if (norm > clipnorm) {
            b.fill(scale, (float) (clipnorm / norm), n);
            b.mul(g, scale, g, n);
        }
    }

    /**
     * g − relu(g − c) + relu(−g − c): each relu is zero inside [−c, c], so gradients within the limit
     * come through bit for bit, and those beyond it become ±c.
     */
    private void clipValue(Backend b, Tensor g, int n) {
        b.add(g, minusLimit, excess, n);
        b.activate(Activation.RELU, 0f, excess, relu, n);
        b.mul(relu, minusOne, relu, n);
        b.add(g, relu, g, n);
        b.mul(g, minusOne, excess, n);
        b.add(excess, minusLimit, excess, n);
        b.activate(Activation.RELU, 0f, excess, relu, n);
        b.add(g, relu, g, n);
    }

    /** Scratch and constant buffers as large as the largest gradient, allocated once. */
    private void ensureCapacity(Backend b, List<Parameter> params) {
        int largest = params.stream().mapToInt(Parameter::size).max().orElse(1);
        if (largest <= capacity) {
            return;
        }
        capacity = largest;
        squaredNorm = b.allocate(1);
        scale = b.allocate(largest);
        excess = b.allocate(largest);
        relu = b.allocate(largest);
        minusLimit = b.allocate(largest);
        minusOne = b.allocate(largest);
        b.fill(minusLimit, -clipvalue, largest);
        b.fill(minusOne, -1f, largest);
    }
}
