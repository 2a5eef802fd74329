package org.layercanvas.formats.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.ExportInputs;
import org.layercanvas.formats.SafeTensors;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasScript;
import org.layercanvas.formats.spi.PyTorchAdapter;

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

    private final AdapterRegistry<KerasAdapter> adapters;
    private final AdapterRegistry<PyTorchAdapter> torchAdapters;

    /** The exporter of the layer types whose adapters are registered as services ({@link AdapterRegistry#standard}). */
    public KerasExporter() {
        this(AdapterRegistry.standard(KerasAdapter.class), AdapterRegistry.standard(PyTorchAdapter.class));
    }

    /** @param torchAdapters for the weights, which the script loads from the PyTorch export's file */
    public KerasExporter(AdapterRegistry<KerasAdapter> adapters, AdapterRegistry<PyTorchAdapter> torchAdapters) {
        this.adapters = adapters;
        this.torchAdapters = torchAdapters;
    }

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
            torch = new PyTorchExporter(torchAdapters).generate(network, weights, registry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(" to PyTorch: ", " to Keras: "), e);
        }
        Validation v = ExportInputs.validate(network, registry);
        Map<String, KerasAdapter> byNode = ExportInputs.adapters(v, adapters, "Keras", PyTorchExporter::why);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SCRIPT, new Writer(network, v, byNode).write().getBytes(StandardCharsets.UTF_8));
        files.put(WEIGHTS, SafeTensors.toBytes(torch.stateDict()));
        return files;
    }

    /** The script alone. */
    public String script(Network network, List<WeightTensor> weights, LayerRegistry registry) throws IOException {
        return new String(files(network, weights, registry).get(SCRIPT), StandardCharsets.UTF_8);
    }

    /**
     * A name TensorFlow takes as a scope (letters, digits, _ . - only, a letter or digit first), which is
     * also safe inside the script's strings and docstring: "conv 1" → "conv_1", "_x" → "n_x".
     */
    static String kerasName(String id) {
        String name = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.isEmpty() ? "layer" : Character.isLetterOrDigit(name.charAt(0)) ? name : "n" + name;
    }

    /** Writes the script, each node through its adapter. */
    private static final class Writer extends PythonWriter implements KerasScript {
        private final Map<String, KerasAdapter> adapters;
        private final Set<String> usedVariables = new HashSet<>(), usedLayerNames = new HashSet<>();
        /** Keras layer names by node id. */
        private final Map<String, String> layerNames = new HashMap<>();
        /** Image outputs held channels-last (after convolution or pooling), by node id. */
        private final Set<String> channelsLast = new HashSet<>();
        /** The channels-first / channels-last variable of an image, once made. */
        private final Map<String, String> firstVar = new HashMap<>(), lastVar = new HashMap<>();
        private final List<String> build = new ArrayList<>(), weights = new ArrayList<>();
        /** Functions the adapters asked for, by name (in the order they are emitted). */
        private final Map<String, String> functions = new LinkedHashMap<>();

        Writer(Network network, Validation v, Map<String, KerasAdapter> adapters) {
            super(network, v);
            this.adapters = adapters;
            usedVariables.addAll(names.values());
            for (String id : v.order()) {
                layerNames.put(id, layerName(kerasName(id)));
            }
        }

        @Override
        public String layerName(String wanted) {
            String name = wanted;
            for (int k = 2; !usedLayerNames.add(name); k++) {
                name = wanted + "_" + k;
            }
            return name;
        }

        @Override
        public String newVariable(String wanted) {
            String name = wanted;
            for (int k = 2; !usedVariables.add(name); k++) {
                name = wanted + "_" + k;
            }
            return name;
        }

        @Override
        public String name(String id) {
            return "name=" + PythonNames.literal(layerNames.get(id));
        }

        @Override
        public String layerNameOf(String nodeId) {
            return layerNames.get(nodeId);
        }

        @Override
        public boolean isChannelsLast(String nodeId) {
            return channelsLast.contains(nodeId);
        }

        @Override
        public void markChannelsLast(String nodeId) {
            channelsLast.add(nodeId);
        }

        @Override
        public void statement(String code) {
            build.add(code);
        }

        @Override
        public void define(String name, String source) {
            functions.putIfAbsent(name, source);
        }

        @Override
        public String channelsFirst(String id) {
            if (!channelsLast.contains(id)) {
                return names.get(id);
            }
            return firstVar.computeIfAbsent(id, k -> {
                String var = newVariable(names.get(id) + "_nchw");
                build.add(var + " = layers.Permute((3, 1, 2), name=" + PythonNames.literal(layerName(layerNames.get(id) + "_nchw")) + ")("
                        + names.get(id) + ")  # " + PythonNames.shape(shape(id)) + ", back to channels-first");
                return var;
            });
        }

        @Override
        public String channelsLast(String id) {
            if (channelsLast.contains(id)) {
                return names.get(id);
            }
            return lastVar.computeIfAbsent(id, k -> {
                Shape s = shape(id);
                String var = newVariable(names.get(id) + "_nhwc");
                build.add(var + " = layers.Permute((2, 3, 1), name=" + PythonNames.literal(layerName(layerNames.get(id) + "_nhwc")) + ")("
                        + names.get(id) + ")  # [N, " + s.dim(1) + ", " + s.dim(2) + ", " + s.dim(0) + "], channels-last");
                return var;
            });
        }

        @Override
        public String tensor(String id, String param) {
            return "t[" + PythonNames.literal(names.get(id) + "." + param) + "]";
        }

        @Override
        public void weights(String id, String comment, String... arrays) {
            weights.add(PythonNames.literal(layerNames.get(id)) + ": [" + String.join(", ", arrays) + "],  # " + comment);
        }

        String write() {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            for (String id : v.order()) {
                LayerConfig c = v.configs().get(id);
                adapters.get(id).export(c, network.inputsOf(id).stream().map(Edge::from).toList(), this);
                if (c.typeName().equals("Input")) {
                    inputs.add(id);
                }
                if (network.outputsOf(id).isEmpty()) {
                    outputs.add(id);
                }
            }
            List<String> outVars = outputs.stream().map(this::channelsFirst).toList();
            StringBuilder s = new StringBuilder();
            String net = PyTorchExporter.text(network.name());
            s.append("\"\"\"LayerCanvas network '").append(net).append("' as a Keras model.\n\n");
            s.append("Generated by LayerCanvas. Inputs (channels-first images, as in LayerCanvas, batch first):\n");
            for (String id : inputs) {
                s.append("    ").append(layerNames.get(id)).append(": ").append(PythonNames.shape(shape(id))).append('\n');
            }
            s.append("Output").append(outputs.size() > 1 ? "s, in this order" : "").append(":\n");
            for (String id : outputs) {
                s.append("    ").append(layerNames.get(id)).append(": ").append(PythonNames.shape(shape(id))).append('\n');
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
            for (String f : functions.values()) {
                s.append('\n').append(f);
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

        @Override
        public void line(String id, String code, String comment) {
            build.add(names.get(id) + " = " + code + "  # " + comment);
        }
    }
}
