package org.layercanvas.formats.spi;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;

/**
 * The Keras model being built, as a {@link KerasAdapter} sees it: a functional model whose layers are each a Keras class
 * name and its configuration in Keras's own argument names, what Keras's {@code model.to_json()} holds. The Keras script
 * renders it as Python calls and the TensorFlow.js export as its {@code model.json}, so running the one checks the other's
 * configuration. A layer's output is named by the layer. Images are channels-first as in LayerCanvas; layers that
 * TensorFlow runs only channels-last on the CPU (convolution, pooling) take {@link #channelsLast} of their input, and the
 * model permutes back where a channels-first consumer needs it.
 */
public interface KerasModel {
    /** The sample shape (without the batch), channels-first, of node {@code nodeId}'s output. */
    Shape shape(String nodeId);

    /** The Keras layer name of node {@code nodeId}, made from its id. */
    String layerNameOf(String nodeId);

    /** A Keras layer name not taken yet, {@code wanted} or with a suffix (for helper layers). */
    String layerName(String wanted);

    /** Node {@code nodeId}'s output as held: channels-last after convolution or pooling, else channels-first. */
    String output(String nodeId);

    /** Node {@code nodeId}'s output channels-first, permuted back if it is held channels-last. */
    String channelsFirst(String nodeId);

    /** Node {@code nodeId}'s image output channels-last, permuted if needed. */
    String channelsLast(String nodeId);

    /** Whether node {@code nodeId}'s output is held channels-last. */
    boolean isChannelsLast(String nodeId);

    /**
     * Adds layer {@code name} of class {@code className}, called on the outputs of {@code inputs} (layer names, in order).
     *
     * @param config Keras's arguments but {@code name}: numbers, strings, booleans, null, lists and maps of them, and
     *     {@link #function} values
     * @param comment what the layer's output holds, for the script's reader
     * @return the layer's name, which stands for its output
     */
    String layer(String className, String name, Map<String, Object> config, List<String> inputs, String comment);

    /** Records that node {@code nodeId}'s output is layer {@code layer}'s, held channels-last or not. */
    void output(String nodeId, String layer, boolean channelsLast);

    /** LayerCanvas's parameter {@code param} of node {@code nodeId} ({@code weight}, {@code bias}, …), in its layout. */
    WeightTensor weight(String nodeId, String param);

    /** Layer {@code layer}'s weights in Keras's layouts and {@code get_weights()} order. */
    void weights(String layer, KerasWeight... weights);

    /**
     * A function Keras lacks, as a configuration value ({@code activation}): the script defines {@code pythonSource}
     * (a {@code def name(x):} indented for {@code build_model()}) once; TensorFlow.js refuses the model.
     */
    Object function(String name, String pythonSource);

    /**
     * A layer given to another as an argument (Bidirectional's {@code layer}): the script writes {@code layers.LSTM(…)}, the
     * JSON {@code {"class_name": "LSTM", "config": {…}}}. {@code config} as {@link #layer}'s, with its {@code name}.
     */
    record Wrapped(String className, Map<String, Object> config) {
    }

    /** A layer configuration in the order given: {@code config("units", 4, "use_bias", true)} (the script writes it in that order). */
    static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            c.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return c;
    }
}
