package org.layercanvas.formats.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.ExportInputs;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.KerasWeight;

/**
 * A network as a Keras functional model: its layers in call order with their Keras configurations, its inputs and outputs
 * (channels-first, as in LayerCanvas) and its weights in Keras's layouts. The one description that the Keras script
 * ({@code KerasExporter}) and the TensorFlow.js export ({@link TfjsExporter}) both render.
 */
public final class KerasGraph {
    /** A layer of the model: called once, on the outputs of {@code inputs}; {@code nodeId} is the node it computes (part of). */
    public record Layer(String className, String name, Map<String, Object> config, List<String> inputs, String comment, String nodeId) {
    }

    /** A function Keras lacks, defined by the script ({@link KerasModel#function}). */
    public record Function(String name, String pythonSource) {
    }

    private final Network network;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, List<KerasWeight>> weights = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();

    private KerasGraph(Network network) {
        this.network = network;
    }

    /**
     * Builds the model of {@code network} through the Keras adapters.
     *
     * @throws IllegalArgumentException the network is invalid, a layer type has no Keras adapter ({@code why} says why), or
     *     the weights do not fit the network
     */
    public static KerasGraph of(Network network, List<WeightTensor> weights, LayerRegistry registry, AdapterRegistry<KerasAdapter> adapters,
            java.util.function.Function<String, String> why) {
        Validation v = ExportInputs.validate(network, registry);
        Map<String, KerasAdapter> byNode = ExportInputs.adapters(v, adapters, "Keras", why);
        Map<String, WeightTensor> byName = ExportInputs.checkWeights(network.name(), v, weights);
        KerasGraph g = new KerasGraph(network);
        g.new Builder(v, byName).build(byNode);
        return g;
    }

    public Network network() {
        return network;
    }

    /** The layers in call order: each one's inputs come before it. */
    public List<Layer> layers() {
        return layers;
    }

    /** The model's input layers, in the network's order. */
    public List<String> inputs() {
        return inputs;
    }

    /** The model's outputs (layer names, channels-first): one per node that feeds nothing, in the network's order. */
    public List<String> outputs() {
        return outputs;
    }

    /** Each layer's weights (by layer name, in layer order), in Keras's layouts and {@code get_weights()} order. */
    public Map<String, List<KerasWeight>> weights() {
        return weights;
    }

    /** The functions Keras lacks that the configurations use. */
    public java.util.Collection<Function> functions() {
        return functions.values();
    }

    /** The layer named {@code name}. */
    public Layer layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A name TensorFlow takes as a scope (letters, digits, _ . - only, a letter or digit first), which is
     * also safe inside the script's strings and docstring: "conv 1" → "conv_1", "_x" → "n_x".
     */
    public static String kerasName(String id) {
        String name = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.isEmpty() ? "layer" : Character.isLetterOrDigit(name.charAt(0)) ? name : "n" + name;
    }

    /** What the adapters see while the model is built. */
    private final class Builder implements KerasModel {
        private final Validation v;
        private final Map<String, WeightTensor> byName;
        private final Set<String> usedNames = new HashSet<>();
        private final Map<String, String> layerNames = new HashMap<>();
        /** Each node's output layer and whether it is held channels-last. */
        private final Map<String, String> held = new HashMap<>();
        private final Set<String> channelsLast = new HashSet<>();
        /** The permuted copies of a node's output, once made. */
        private final Map<String, String> firstCopy = new HashMap<>(), lastCopy = new HashMap<>();
        private String current;

        Builder(Validation v, Map<String, WeightTensor> byName) {
            this.v = v;
            this.byName = byName;
            for (String id : v.order()) {
                layerNames.put(id, layerName(kerasName(id)));
            }
        }

        void build(Map<String, KerasAdapter> adapters) {
            for (String id : v.order()) {
                LayerConfig c = v.configs().get(id);
                current = id;
                adapters.get(id).export(c, network.inputsOf(id).stream().map(Edge::from).toList(), this);
                if (!held.containsKey(id)) {
                    throw new IllegalStateException("the Keras adapter of " + c.describe() + " gave no output");
                }
                if (c.typeName().equals("Input")) {
                    inputs.add(held.get(id));
                }
            }
            for (String id : v.order()) {
                if (network.outputsOf(id).isEmpty()) {
                    current = id;
                    outputs.add(channelsFirst(id));
                }
            }
        }

        @Override
        public Shape shape(String nodeId) {
            return v.shapes().get(nodeId);
        }

        @Override
        public String layerNameOf(String nodeId) {
            return layerNames.get(nodeId);
        }

        @Override
        public String layerName(String wanted) {
            String name = wanted;
            for (int k = 2; !usedNames.add(name); k++) {
                name = wanted + "_" + k;
            }
            return name;
        }

        @Override
        public String output(String nodeId) {
            return held.get(nodeId);
        }

        @Override
        public boolean isChannelsLast(String nodeId) {
            return channelsLast.contains(nodeId);
        }

        @Override
        public String channelsFirst(String nodeId) {
            if (!channelsLast.contains(nodeId)) {
                return held.get(nodeId);
            }
            return firstCopy.computeIfAbsent(nodeId, id -> layer("Permute", layerName(layerNames.get(id) + "_nchw"), Map.of("dims", List.of(3, 1, 2)),
                    List.of(held.get(id)), PythonNames.shape(shape(id)) + ", back to channels-first"));
        }

        @Override
        public String channelsLast(String nodeId) {
            if (channelsLast.contains(nodeId)) {
                return held.get(nodeId);
            }
            return lastCopy.computeIfAbsent(nodeId, id -> {
                Shape s = shape(id);
                return layer("Permute", layerName(layerNames.get(id) + "_nhwc"), Map.of("dims", List.of(2, 3, 1)), List.of(held.get(id)),
                        "[N, " + s.dim(1) + ", " + s.dim(2) + ", " + s.dim(0) + "], channels-last");
            });
        }

        @Override
        public String layer(String className, String name, Map<String, Object> config, List<String> in, String comment) {
            layers.add(new Layer(className, name, new LinkedHashMap<>(config), List.copyOf(in), comment, current));
            return name;
        }

        @Override
        public void output(String nodeId, String layer, boolean last) {
            held.put(nodeId, layer);
            if (last) {
                channelsLast.add(nodeId);
            }
        }

        @Override
        public WeightTensor weight(String nodeId, String param) {
            return byName.get(nodeId + "/" + param);
        }

        @Override
        public void weights(String layer, KerasWeight... w) {
            weights.put(layer, List.of(w));
        }

        @Override
        public Object function(String name, String pythonSource) {
            return functions.computeIfAbsent(name, n -> new Function(n, pythonSource));
        }
    }
}
