package org.layercanvas.formats.spi;

import org.layercanvas.engine.api.Shape;

/**
 * The Keras script being written, as a {@link KerasAdapter} sees it. {@code build_model()} has
 * {@code tf}, {@code keras} and {@code layers = keras.layers}. Images are channels-first as in
 * LayerCanvas; layers that TensorFlow runs only channels-last (convolution, pooling) take
 * {@link #channelsLast} of their input and {@link #markChannelsLast mark} their output, and the
 * script permutes back where a channels-first consumer needs it.
 */
public interface KerasScript {
    /** The sample shape (without the batch), channels-first, of node {@code nodeId}'s output. */
    Shape shape(String nodeId);

    /** The Python variable of node {@code nodeId}'s output. */
    String variable(String nodeId);

    /** {@code name="<layer name>"}: the argument naming node {@code nodeId}'s Keras layer. */
    String name(String nodeId);

    /** A Keras layer name not taken yet, {@code wanted} or with a suffix (for helper layers). */
    String layerName(String wanted);

    /** The Keras layer name of node {@code nodeId}. */
    String layerNameOf(String nodeId);

    /** A Python variable not taken yet, {@code wanted} or with a suffix (for intermediate values). */
    String newVariable(String wanted);

    /** Node {@code nodeId}'s output as a channels-first tensor (permuting it back if needed). */
    String channelsFirst(String nodeId);

    /** Node {@code nodeId}'s image output as a channels-last tensor (permuting it if needed). */
    String channelsLast(String nodeId);

    /** Whether node {@code nodeId}'s output is held channels-last. */
    boolean isChannelsLast(String nodeId);

    /** Records that node {@code nodeId}'s output is held channels-last. */
    void markChannelsLast(String nodeId);

    /** Adds {@code <variable of nodeId> = code  # comment} to {@code build_model()}. */
    void line(String nodeId, String code, String comment);

    /** Adds a statement of its own to {@code build_model()}. */
    void statement(String code);

    /** The numpy array of the PyTorch export's tensor {@code <variable>.<torchName>} (an expression over {@code t}). */
    String tensor(String nodeId, String torchName);

    /** Keras's weights for node {@code nodeId}'s layer, in {@code set_weights} order, as numpy expressions. */
    void weights(String nodeId, String comment, String... arrays);

    /** Defines {@code source} (a function, indented for {@code build_model()}) once however often it is asked for under {@code name}. */
    void define(String name, String source);
}
