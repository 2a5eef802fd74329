package org.layercanvas.engine.spi;

import java.util.Arrays;
import java.util.List;

/**
 * Element-wise activations of the catalogue. {@link #ordinal()} is used as the op code in kernels,
 * so the order is fixed. Softmax and log-softmax are row-wise and have their own backend ops; they are listed here
 * because users pick them like the others. The scalar math here is the reference every backend is tested against.
 */
public enum Activation {
    LINEAR, STEP, SIGN, SIGMOID, TANH, RELU, LEAKY_RELU, ELU, ABS, SOFTPLUS, SOFTMAX, EXPONENTIAL, SELU, GELU, SWISH, SOFTSIGN, HARD_SIGMOID, LOG_SOFTMAX;

    /** SELU's constants (Klambauer et al. 2017, as Keras, PyTorch and ONNX give them). */
    public static final double SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805;

    /** Keras name, e.g. "leaky_relu". */
    public String key() {
        return name().toLowerCase();
    }

    /** Every key, in order; built once, since layer specs ask for it each time they list their parameters. */
    public static List<String> keys() {
        return Keys.ALL;
    }

    private static final class Keys {
        static final List<String> ALL = Arrays.stream(values()).map(Activation::key).toList();
    }

    /** Softmax and log-softmax: they normalise a whole row (the last axis), with backend ops of their own. */
    public boolean rowWise() {
        return this == SOFTMAX || this == LOG_SOFTMAX;
    }

    public static Activation of(String key) {
        return valueOf(key.toUpperCase());
    }

    /** f(x); {@code alpha} is the leaky_relu slope and the elu scale. */
    public double apply(double x, double alpha) {
        return switch (this) {
            case LINEAR -> x;
            case STEP -> x >= 0 ? 1 : 0;
            case SIGN -> x >= 0 ? 1 : -1;
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case TANH -> Math.tanh(x);
            case RELU -> x > 0 ? x : 0;
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ELU -> x > 0 ? x : alpha * (Math.exp(x) - 1);
            case ABS -> Math.abs(x);
            // log(1+e^x) without overflow for large x
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case SOFTMAX, LOG_SOFTMAX -> throw new UnsupportedOperationException(key() + " is row-wise");
            case EXPONENTIAL -> Math.exp(x);
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            // the exact GELU, x·Φ(x), as Keras's gelu and PyTorch's default compute it
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case SWISH -> x * SIGMOID.apply(x, 0);
            case SOFTSIGN -> x / (1 + Math.abs(x));
            // Keras 3's and PyTorch's hard sigmoid, relu6(x + 3) / 6 (Keras 2 and TensorFlow.js used 0.2·x + 0.5)
            case HARD_SIGMOID -> Math.min(Math.max(x / 6 + 0.5, 0), 1);
        };
    }

    /**
     * The error function in double precision (GELU's Φ): its Taylor series below 3, where the cancellation costs at most
     * e^9·ulp ≈ 1e-12, and above that 1 − erfc from erfc's continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))).
     */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a, sum = a;
            for (int n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double k = a;
            for (int n = 60; n >= 1; n--) {
                k = a + n / 2.0 / k;
            }
            r = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * k);
        }
        return x < 0 ? -r : r;
    }

    /**
     * f'(x) given x and y = f(x). STEP and SIGN have derivative zero almost everywhere, which
     * would stop all learning; they pass the gradient straight through (derivative 1) instead, which
     * turns squared-error training of a sign unit into Rosenblatt's perceptron rule.
     */
    public double derivative(double x, double y, double alpha) {
        return switch (this) {
            case LINEAR, STEP, SIGN -> 1;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : alpha;
            case ELU -> x > 0 ? 1 : y + alpha;
            case ABS -> x > 0 ? 1 : x < 0 ? -1 : 0;
            case SOFTPLUS -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case SOFTMAX, LOG_SOFTMAX -> throw new UnsupportedOperationException(key() + " is row-wise");
            case EXPONENTIAL -> y;
            case SELU -> x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
            case GELU -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case SWISH -> {
                double s = SIGMOID.apply(x, 0);
                yield s * (1 + x * (1 - s));
            }
            case SOFTSIGN -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
            case HARD_SIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
        };
    }

    /** Default alpha: 0.01 for leaky_relu (as DESIGN.md says), 1.0 for elu. */
    public double defaultAlpha() {
        return this == ELU ? 1.0 : 0.01;
    }
}
