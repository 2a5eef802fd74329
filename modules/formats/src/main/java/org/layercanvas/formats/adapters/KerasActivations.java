package org.layercanvas.formats.adapters;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.formats.spi.KerasScript;

/** The activation functions in the Keras export: shared by Activation, Dense, Conv2D and the recurrent layers. */
final class KerasActivations {
    private KerasActivations() {
    }

    /** The {@code activation=} argument for f, defining the functions Keras lacks or has with other constants. */
    static String argument(KerasScript keras, Activation f) {
        return switch (f) {
            case LINEAR, SIGMOID, TANH, RELU, ELU, SOFTPLUS, SOFTMAX, EXPONENTIAL -> "\"" + f.key() + "\"";
            case STEP -> define(keras, "step", """
                        def step(x):  # LayerCanvas's step: 1 where x >= 0, else 0
                            return tf.cast(x >= 0, x.dtype)
                    """);
            case SIGN -> define(keras, "sign", """
                        def sign(x):  # LayerCanvas's sign: 1 where x >= 0, else -1 (tf.sign is 0 at 0)
                            return tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x))
                    """);
            case LEAKY_RELU -> define(keras, "leaky_relu", """
                        def leaky_relu(x):  # slope 0.01 as in LayerCanvas (Keras's default is 0.2 or 0.3)
                            return tf.nn.leaky_relu(x, alpha=0.01)
                    """);
            case ABS -> define(keras, "abs_", """
                        def abs_(x):
                            return tf.abs(x)
                    """);
        };
    }

    private static String define(KerasScript keras, String name, String source) {
        keras.define(name, source);
        return name;
    }
}
