package org.layercanvas.engine.layers;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * Applies one activation to a batch, element-wise or (softmax, log-softmax) row-wise. Shared by the Activation
 * layer and by layers with an {@code activation} parameter, so both run the same code.
 */
final class ActivationFunction {
    private final Activation activation;
    private final float alpha;

    ActivationFunction(String key) {
        this.activation = Activation.of(key);
        this.alpha = (float) activation.defaultAlpha();
    }

    boolean isIdentity() {
        return activation == Activation.LINEAR;
    }

    /**
     * What a product's epilogue may apply ({@link Backend#gemmBiasActivation}): this activation when it is element-wise,
     * else LINEAR, and {@link #finishRowWise} applies it afterwards.
     */
    Activation elementWise() {
        return activation.rowWise() ? Activation.LINEAR : activation;
    }

    float alpha() {
        return alpha;
    }

    /** After a product whose epilogue applied {@link #elementWise()}: y = f(x) if f is row-wise (softmax, log-softmax). */
    void finishRowWise(Backend b, Tensor x, Tensor y, int rows, int cols) {
        if (activation.rowWise()) {
            forward(b, x, y, rows, cols);
        }
    }

    /** y = f(x) for {@code rows} rows of {@code cols} values. */
    void forward(Backend b, Tensor x, Tensor y, int rows, int cols) {
        if (activation == Activation.SOFTMAX) {
            b.softmax(x, y, rows, cols);
        } else if (activation == Activation.LOG_SOFTMAX) {
            b.logSoftmax(x, y, rows, cols);
        } else {
            b.activate(activation, alpha, x, y, rows * cols);
        }
    }

    /** dx = dy · f'(x), where y = f(x) from the forward pass. */
    void backward(Backend b, Tensor x, Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        if (activation == Activation.SOFTMAX) {
            b.softmaxBackward(y, dy, dx, rows, cols);
        } else if (activation == Activation.LOG_SOFTMAX) {
            b.logSoftmaxBackward(y, dy, dx, rows, cols);
        } else {
            b.activateBackward(activation, alpha, x, y, dy, dx, rows * cols);
        }
    }
}
