package org.layercanvas.engine.spi;

import java.util.Arrays;
import java.util.List;

/**
 * Element-wise activations of the catalogue. {@link #ordinal()} is used as the op code in kernels,
 * so the order is fixed. Softmax is row-wise and has its own backend ops; it is listed here because
 * users pick it like the others. The scalar math here is the reference every backend is tested against.
 */
public enum Activation {
    LINEAR, STEP, SIGN, SIGMOID, TANH, RELU, LEAKY_RELU, ELU, ABS, SOFTPLUS, SOFTMAX, EXPONENTIAL;

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
            case SOFTMAX -> throw new UnsupportedOperationException("softmax is row-wise");
            case EXPONENTIAL -> Math.exp(x);
        };
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
            case SOFTMAX -> throw new UnsupportedOperationException("softmax is row-wise");
            case EXPONENTIAL -> y;
        };
    }

    /** Default alpha: 0.01 for leaky_relu (as DESIGN.md says), 1.0 for elu. */
    public double defaultAlpha() {
        return this == ELU ? 1.0 : 0.01;
    }
}
