package org.layercanvas.formats.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.data.WeightTensor;
import org.layercanvas.engine.graph.Edge;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.SafeTensors;

/**
 * Exports a network as a Python script ({@value #SCRIPT}) that builds the same model with Keras's
 * functional API (layer names = node ids) and loads its weights from {@value #WEIGHTS}, the same
 * file, with PyTorch's names, that the PyTorch export writes; {@code keras_weights} turns those
 * tensors into Keras's layouts with numpy alone. Images enter and leave channels-first [N, C, H, W]
 * as in LayerCanvas; convolution and pooling run channels-last between {@code Permute} layers, since
 * TensorFlow has no channels-first convolution or pooling on the CPU.
 */
public final class KerasExporter extends FolderExporter {
    public static final String SCRIPT = "keras_model.py", WEIGHTS = PyTorchExporter.WEIGHTS;

    @Override
    public String format() {
        return "keras";
    }

    @Override
    public String description() {
        return "Keras: a Python script (" + SCRIPT + ") that builds the model with tf.keras and loads " + WEIGHTS;
    }

    @Override
    List<String> names() {
        return List.of(SCRIPT, WEIGHTS);
    }

    /** The files of the export by name: the script's source and the weights (PyTorch's names). */
    @Override
    public Map<String, byte[]> files(Network network, List<WeightTensor> weights, LayerRegistry registry) throws IOException {
        PyTorchExporter.Generated torch;
        try {
            torch = PyTorchExporter.generate(network, weights, registry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(" to PyTorch: ", " to Keras: "), e);
        }
        Validation v = org.layercanvas.formats.ExportInputs.validate(network, registry);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SCRIPT, new Writer(network, v).write().getBytes(StandardCharsets.UTF_8));
        files.put(WEIGHTS, SafeTensors.toBytes(torch.stateDict()));
        return files;
    }

    /** The script alone. */
    public String script(Network network, List<WeightTensor> weights, LayerRegistry registry) throws IOException {
        return new String(files(network, weights, registry).get(SCRIPT), StandardCharsets.UTF_8);
    }

    private static String tuple(int... dims) {
        return dims.length == 1 ? "(" + dims[0] + ",)"
                : java.util.Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * A name TensorFlow takes as a scope (letters, digits, _ . - only, a letter or digit first), which is
     * also safe inside the script's strings and docstring: "conv 1" → "conv_1", "_x" → "n_x".
     */
    static String kerasName(String id) {
        String name = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.isEmpty() ? "layer" : Character.isLetterOrDigit(name.charAt(0)) ? name : "n" + name;
    }

    private static final class Writer {
        private final Network network;
        private final Validation v;
        /** Python variables (and tensor-name prefixes, as in the PyTorch export) by node id. */
        private final Map<String, String> names;
        private final Set<String> usedVariables = new HashSet<>(), usedLayerNames = new HashSet<>();
        /** Keras layer names by node id. */
        private final Map<String, String> layerNames = new HashMap<>();
        /** Image outputs held channels-last (after convolution or pooling), by node id. */
        private final Set<String> channelsLast = new HashSet<>();
        /** The channels-first / channels-last variable of an image, once made. */
        private final Map<String, String> firstVar = new HashMap<>(), lastVar = new HashMap<>();
        private final List<String> build = new ArrayList<>(), weights = new ArrayList<>();
        private final Set<String> functions = new LinkedHashSet<>();

        Writer(Network network, Validation v) {
            this.network = network;
            this.v = v;
            this.names = PythonNames.of(v.order());
            usedVariables.addAll(names.values());
            for (String id : v.order()) {
                layerNames.put(id, layerName(kerasName(id)));
            }
        }

        private String layerName(String wanted) {
            String name = wanted;
            for (int k = 2; !usedLayerNames.add(name); k++) {
                name = wanted + "_" + k;
            }
            return name;
        }

        private String variable(String wanted) {
            String name = wanted;
            for (int k = 2; !usedVariables.add(name); k++) {
                name = wanted + "_" + k;
            }
            return name;
        }

        private Shape shapeOf(String id) {
            return v.shapes().get(id);
        }

        private String name(String id) {
            return "name=" + PythonNames.literal(layerNames.get(id));
        }

        /** Node {@code id}'s output as a channels-first tensor (permuting it back if needed). */
        private String first(String id) {
            if (!channelsLast.contains(id)) {
                return names.get(id);
            }
            return firstVar.computeIfAbsent(id, k -> {
                String var = variable(names.get(id) + "_nchw");
                build.add(var + " = layers.Permute((3, 1, 2), name=" + PythonNames.literal(layerName(layerNames.get(id) + "_nchw")) + ")("
                        + names.get(id) + ")  # " + PyTorchExporter.shape(shapeOf(id)) + ", back to channels-first");
                return var;
            });
        }

        /** Node {@code id}'s image output as a channels-last tensor (permuting it if needed). */
        private String last(String id) {
            if (channelsLast.contains(id)) {
                return names.get(id);
            }
            return lastVar.computeIfAbsent(id, k -> {
                Shape s = shapeOf(id);
                String var = variable(names.get(id) + "_nhwc");
                build.add(var + " = layers.Permute((2, 3, 1), name=" + PythonNames.literal(layerName(layerNames.get(id) + "_nhwc")) + ")("
                        + names.get(id) + ")  # [N, " + s.dim(1) + ", " + s.dim(2) + ", " + s.dim(0) + "], channels-last");
                return var;
            });
        }

        private String t(String id, String param) {
            return "t[" + PythonNames.literal(names.get(id) + "." + param) + "]";
        }

        private void weightsOf(String id, String comment, String... arrays) {
            weights.add(PythonNames.literal(layerNames.get(id)) + ": [" + String.join(", ", arrays) + "],  # " + comment);
        }

        String write() {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            for (String id : v.order()) {
                LayerConfig c = v.configs().get(id);
                List<String> in = network.inputsOf(id).stream().map(Edge::from).toList();
                lower(c, in);
                if (c.typeName().equals("Input")) {
                    inputs.add(id);
                }
                if (network.outputsOf(id).isEmpty()) {
                    outputs.add(id);
                }
            }
            List<String> outVars = outputs.stream().map(this::first).toList();
            StringBuilder s = new StringBuilder();
            String net = PyTorchExporter.text(network.name());
            s.append("\"\"\"LayerCanvas network '").append(net).append("' as a Keras model.\n\n");
            s.append("Generated by LayerCanvas. Inputs (channels-first images, as in LayerCanvas, batch first):\n");
            for (String id : inputs) {
                s.append("    ").append(layerNames.get(id)).append(": ").append(PyTorchExporter.shape(shapeOf(id))).append('\n');
            }
            s.append("Output").append(outputs.size() > 1 ? "s, in this order" : "").append(":\n");
            for (String id : outputs) {
                s.append("    ").append(layerNames.get(id)).append(": ").append(PyTorchExporter.shape(shapeOf(id))).append('\n');
            }
            s.append("""

                    Run it to build the model, load weights.safetensors from beside it and print a summary
                    (and save the model when given a file name, e.g. model.keras):

                        python3 keras_model.py [model.keras]

                    or use it from Python:

                        from keras_model import build_model, keras_weights, load_weights, set_weights
                        model = build_model()
                        set_weights(model, keras_weights(load_weights("weights.safetensors")))
                        y = model.predict(x)

                    TensorFlow is imported only by build_model(): load_weights() and keras_weights() need numpy alone.
                    \"""
                    import json
                    import os
                    import struct
                    import sys

                    import numpy as np

                    """);
            s.append(PythonSources.NUMPY_LOAD_WEIGHTS);
            s.append("""


                    def keras_weights(t):
                        \"""Keras's weights by layer name from the tensors of weights.safetensors (PyTorch's names and layouts).\"""
                        return {
                    """);
            for (String w : weights) {
                s.append("        ").append(w).append('\n');
            }
            s.append("    }\n\n\n");
            s.append("def build_model():\n");
            s.append("    \"\"\"The Keras model of network '").append(net).append("' (functional API; layer names are the node ids).\"\"\"\n");
            s.append("    import tensorflow as tf  # here, so that the weight conversion above runs without TensorFlow\n");
            s.append("    from tensorflow import keras\n\n");
            s.append("    layers = keras.layers\n");
            for (String f : functions) {
                s.append('\n').append(function(f));
            }
            s.append('\n');
            for (String l : build) {
                s.append("    ").append(l).append('\n');
            }
            s.append("    return keras.Model(inputs=[").append(inputs.stream().map(names::get).collect(Collectors.joining(", "))).append("], outputs=[")
                    .append(String.join(", ", outVars)).append("], name=").append(PythonNames.literal(network.name().replace('/', '_'))).append(")\n");
            s.append("""


                    def set_weights(model, weights):
                        \"""Sets each layer's weights from keras_weights().\"""
                        for name, values in weights.items():
                            model.get_layer(name).set_weights(values)


                    def main(argv):
                        here = os.path.dirname(os.path.abspath(__file__))
                        model = build_model()
                        set_weights(model, keras_weights(load_weights(os.path.join(here, "weights.safetensors"))))
                        model.summary()
                        if len(argv) > 1:
                            model.save(argv[1])
                        return model


                    if __name__ == "__main__":
                        main(sys.argv)
                    """);
            return s.toString();
        }

        private static String function(String f) {
            return switch (f) {
                case "step" -> """
                            def step(x):  # LayerCanvas's step: 1 where x >= 0, else 0
                                return tf.cast(x >= 0, x.dtype)
                        """;
                case "sign" -> """
                            def sign(x):  # LayerCanvas's sign: 1 where x >= 0, else -1 (tf.sign is 0 at 0)
                                return tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x))
                        """;
                case "leaky_relu" -> """
                            def leaky_relu(x):  # slope 0.01 as in LayerCanvas (Keras's default is 0.2 or 0.3)
                                return tf.nn.leaky_relu(x, alpha=0.01)
                        """;
                case "abs_" -> """
                            def abs_(x):
                                return tf.abs(x)
                        """;
                default -> throw new IllegalArgumentException(f);
            };
        }

        /** The {@code activation=} argument for f. */
        private String activation(Activation f) {
            return switch (f) {
                case LINEAR, SIGMOID, TANH, RELU, ELU, SOFTPLUS, SOFTMAX, EXPONENTIAL -> "\"" + f.key() + "\"";
                case STEP, SIGN, LEAKY_RELU -> {
                    functions.add(f.key());
                    yield f.key();
                }
                case ABS -> {
                    functions.add("abs_");
                    yield "abs_";
                }
            };
        }

        private void line(String id, String code, String comment) {
            build.add(names.get(id) + " = " + code + "  # " + comment);
        }

        private void lower(LayerConfig c, List<String> in) {
            String id = c.nodeId();
            String out = PyTorchExporter.shape(shapeOf(id));
            switch (c.typeName()) {
                case "Input" -> line(id, "keras.Input(shape=" + tuple(shapeOf(id).dims()) + ", " + name(id) + ")", out);
                case "Dense" -> {
                    boolean bias = c.getBoolean("use_bias");
                    Activation f = Activation.of(c.getString("activation"));
                    line(id, "layers.Dense(" + c.getInt("units") + ", activation=" + activation(f) + (bias ? "" : ", use_bias=False") + ", "
                            + name(id) + ")(" + first(in.get(0)) + ")", out);
                    if (bias) {
                        weightsOf(id, "kernel [in, units], bias", t(id, "weight") + ".T", t(id, "bias"));
                    } else {
                        weightsOf(id, "kernel [in, units]", t(id, "weight") + ".T");
                    }
                }
                case "Conv2D" -> conv(c, in.get(0));
                case "MaxPooling2D", "AveragePooling2D" -> {
                    int k = c.getInt("pool_size"), s = c.getInt("strides") == 0 ? k : c.getInt("strides");
                    Shape o = shapeOf(id);
                    line(id, "layers." + c.typeName() + "(pool_size=" + k + ", strides=" + s + ", padding=\"valid\", data_format=\"channels_last\", "
                            + name(id) + ")(" + last(in.get(0)) + ")", "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last");
                    channelsLast.add(id);
                }
                case "Activation" -> {
                    Activation f = Activation.of(c.getString("activation"));
                    // softmax normalizes the last axis: W of a channels-first image, as LayerCanvas does
                    boolean keepLast = channelsLast.contains(in.get(0)) && f != Activation.SOFTMAX;
                    line(id, "layers.Activation(" + activation(f) + ", " + name(id) + ")(" + (keepLast ? last(in.get(0)) : first(in.get(0))) + ")",
                            keepLast ? "channels-last" : out);
                    if (keepLast) {
                        channelsLast.add(id);
                    }
                }
                case "Dropout", "GaussianNoise" -> {
                    boolean keepLast = channelsLast.contains(in.get(0));
                    String arg = c.typeName().equals("Dropout") ? PythonNames.number(c.getDouble("rate")) : PythonNames.number(c.getDouble("stddev"));
                    line(id, "layers." + c.typeName() + "(" + arg + ", " + name(id) + ")(" + names.get(in.get(0)) + ")",
                            (keepLast ? "channels-last" : out) + ", training only");
                    if (keepLast) {
                        channelsLast.add(id);
                    }
                }
                case "Flatten" -> line(id, "layers.Reshape(" + tuple(shapeOf(id).dims()) + ", " + name(id) + ")(" + first(in.get(0)) + ")",
                        out + ", Flatten (channels-first order, as LayerCanvas)");
                case "Reshape" -> line(id, "layers.Reshape(" + tuple(shapeOf(id).dims()) + ", " + name(id) + ")(" + first(in.get(0)) + ")", out);
                case "BatchNormalization" -> {
                    boolean last = channelsLast.contains(in.get(0));
                    line(id, "layers.BatchNormalization(axis=" + (last ? -1 : 1) + ", momentum=" + PythonNames.number(c.getDouble("momentum"))
                            + ", epsilon=" + PythonNames.number(c.getDouble("epsilon")) + ", " + name(id) + ")(" + names.get(in.get(0)) + ")",
                            last ? "channels-last" : out);
                    if (last) {
                        channelsLast.add(id);
                    }
                    weightsOf(id, "gamma, beta, moving mean, moving variance", t(id, "weight"), t(id, "bias"), t(id, "running_mean"),
                            t(id, "running_var"));
                }
                case "Add" -> {
                    boolean allLast = in.stream().allMatch(channelsLast::contains);
                    List<String> args = in.stream().map(i -> allLast ? names.get(i) : first(i)).toList();
                    line(id, "layers.Add(" + name(id) + ")([" + String.join(", ", args) + "])", allLast ? "channels-last" : out);
                    if (allLast) {
                        channelsLast.add(id);
                    }
                }
                case "Concatenate" -> {
                    int axis = c.getInt("axis");
                    line(id, "layers.Concatenate(axis=" + (axis < 0 ? axis : axis + 1) + ", " + name(id) + ")(["
                            + in.stream().map(this::first).collect(Collectors.joining(", ")) + "])", out);
                }
                case "SimpleRNN", "LSTM" -> {
                    boolean lstm = c.typeName().equals("LSTM");
                    Activation f = Activation.of(c.getString("activation"));
                    line(id, "layers." + c.typeName() + "(" + c.getInt("units") + ", activation=" + activation(f)
                            + (lstm ? ", recurrent_activation=\"sigmoid\"" : "") + ", return_sequences=" + (c.getBoolean("return_sequences") ? "True" : "False")
                            + ", " + name(id) + ")(" + first(in.get(0)) + ")", out);
                    weightsOf(id, (lstm ? "gates i, f, c, o = ours i, f, g, o; " : "") + "kernel [in, units], recurrent kernel, one bias",
                            t(id, "weight_ih_l0") + ".T", t(id, "weight_hh_l0") + ".T", t(id, "bias_ih_l0") + " + " + t(id, "bias_hh_l0"));
                }
                default -> throw new IllegalStateException("no lowering for " + c.describe());
            }
        }

        private void conv(LayerConfig c, String inId) {
            String id = c.nodeId();
            Shape o = shapeOf(id);
            String x = last(inId);
            Object padding = c.get("padding");
            String kerasPadding = "same".equals(padding) ? "same" : "valid";
            if (padding instanceof Integer p && p > 0) {
                String var = variable(names.get(id) + "_pad");
                Shape s = shapeOf(inId);
                build.add(var + " = layers.ZeroPadding2D(" + p + ", data_format=\"channels_last\", name=" + PythonNames.literal(layerName(layerNames.get(id) + "_pad"))
                        + ")(" + x + ")  # [N, " + (s.dim(1) + 2 * p) + ", " + (s.dim(2) + 2 * p) + ", " + s.dim(0) + "], padding " + p);
                x = var;
            }
            Activation f = Activation.of(c.getString("activation"));
            boolean bias = c.getBoolean("use_bias");
            String nhwc = "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last";
            String conv = "layers.Conv2D(" + c.getInt("filters") + ", " + c.getInt("kernel_size") + ", strides=" + c.getInt("strides") + ", padding=\""
                    + kerasPadding + "\", data_format=\"channels_last\", activation=" + activation(f == Activation.SOFTMAX ? Activation.LINEAR : f)
                    + (bias ? "" : ", use_bias=False");
            if (f == Activation.SOFTMAX) {
                // LayerCanvas's softmax normalizes each filter's whole H×W map
                String pre = variable(names.get(id) + "_pre"), maps = variable(names.get(id) + "_maps"), soft = variable(names.get(id) + "_softmax");
                build.add(pre + " = " + conv + ", name=" + PythonNames.literal(layerNames.get(id)) + ")(" + x + ")  # " + nhwc);
                build.add(maps + " = layers.Reshape((" + o.dim(1) * o.dim(2) + ", " + o.dim(0) + "), name=" + PythonNames.literal(layerName(layerNames.get(id) + "_maps"))
                        + ")(" + pre + ")");
                build.add(soft + " = layers.Softmax(axis=1, name=" + PythonNames.literal(layerName(layerNames.get(id) + "_softmax")) + ")(" + maps
                        + ")  # over each filter's map");
                line(id, "layers.Reshape(" + tuple(o.dim(1), o.dim(2), o.dim(0)) + ", name=" + PythonNames.literal(layerName(layerNames.get(id) + "_shape"))
                        + ")(" + soft + ")", nhwc);
            } else {
                line(id, conv + ", " + name(id) + ")(" + x + ")", nhwc);
            }
            channelsLast.add(id);
            String kernel = t(id, "weight") + ".transpose(2, 3, 1, 0)";
            if (bias) {
                weightsOf(id, "kernel [kh, kw, in, filters], bias", kernel, t(id, "bias"));
            } else {
                weightsOf(id, "kernel [kh, kw, in, filters]", kernel);
            }
        }
    }
}
