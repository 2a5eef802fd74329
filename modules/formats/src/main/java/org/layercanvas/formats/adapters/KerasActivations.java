package org.layercanvas.formats.adapters;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.formats.spi.KerasModel;

/** The activation functions in the Keras exports: shared by Activation, Dense, Conv2D and the recurrent layers. */
final class KerasActivations {
    private KerasActivations() {
    }

    /**
     * The {@code activation} argument for f: Keras's name, or a function the script defines where Keras lacks f or has it
     * with another constant (leaky ReLU's slope is 0.01 here, 0.2 or 0.3 in Keras).
     */
    static Object argument(KerasModel keras, Activation f) {
        return switch (f) {
            case LINEAR, SIGMOID, TANH, RELU, ELU, SOFTPLUS, SOFTMAX, EXPONENTIAL, SELU, GELU, SWISH, SOFTSIGN -> f.key();
            case HARD_SIGMOID -> keras.function("hard_sigmoid", """
                        def hard_sigmoid(x):  # relu6(x + 3) / 6, as Keras 3 and PyTorch (Keras 2 and TensorFlow.js: 0.2·x + 0.5)
                            return tf.nn.relu6(x + 3) / 6
                    """);
            case STEP -> keras.function("step", """
                        def step(x):  # LayerCanvas's step: 1 where x >= 0, else 0
                            return tf.cast(x >= 0, x.dtype)
                    """);
            case SIGN -> keras.function("sign", """
                        def sign(x):  # LayerCanvas's sign: 1 where x >= 0, else -1 (tf.sign is 0 at 0)
                            return tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x))
                    """);
            case LEAKY_RELU -> keras.function("leaky_relu", """
                        def leaky_relu(x):  # slope 0.01 as in LayerCanvas (Keras's default is 0.2 or 0.3)
                            return tf.nn.leaky_relu(x, alpha=0.01)
                    """);
            case LOG_SOFTMAX -> keras.function("log_softmax", """
                        def log_softmax(x):  # over the last axis (Keras 2 has no log_softmax activation)
                            return tf.nn.log_softmax(x, axis=-1)
                    """);
            case ABS -> keras.function("abs_", """
                        def abs_(x):
                            return tf.abs(x)
                    """);
        };
    }

    /**
     * The {@code activation} argument of a layer whose output then goes through {@link #after}: leaky ReLU becomes a
     * LeakyReLU layer of its own, which TensorFlow.js has too, so the layer computes the linear part.
     */
    static Object before(KerasModel keras, Activation f) {
        return f == Activation.LEAKY_RELU ? Activation.LINEAR.key() : argument(keras, f);
    }

    /** Layer {@code layer}'s output through a LeakyReLU layer when f is leaky ReLU, else {@code layer}'s output. */
    static String after(KerasModel keras, Activation f, String layer, String comment) {
        return f != Activation.LEAKY_RELU ? layer
                : keras.layer("LeakyReLU", keras.layerName(layer + "_leaky_relu"), Map.of("alpha", 0.01), List.of(layer), comment + ", leaky ReLU");
    }
}
