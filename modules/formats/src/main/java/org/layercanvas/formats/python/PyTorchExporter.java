package org.layercanvas.formats.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.ExportInputs;
import org.layercanvas.formats.SafeTensors;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * Exports a network as a readable PyTorch module ({@value #MODULE}: class {@code Net}, a
 * {@code torch.nn.Module} whose layers are attributes named after the node ids and whose
 * {@code forward} follows the graph, with the shapes in comments) and its weights under PyTorch's
 * state-dict names ({@value #WEIGHTS}), so that
 * {@code Net().load_state_dict(load_weights("weights.safetensors"))} works; {@code load_weights} is
 * in the module and needs no safetensors package. Computes inference. What each layer type becomes is
 * its {@link PyTorchAdapter}'s business; a layer type without one is refused by name.
 */
public final class PyTorchExporter extends FolderExporter {
    public static final String MODULE = "model.py", WEIGHTS = "weights.safetensors";

    private final AdapterRegistry<PyTorchAdapter> adapters;

    /** The exporter of the layer types whose adapters are registered as services ({@link AdapterRegistry#standard}). */
    public PyTorchExporter() {
        this(AdapterRegistry.standard(PyTorchAdapter.class));
    }

    public PyTorchExporter(AdapterRegistry<PyTorchAdapter> adapters) {
        this.adapters = adapters;
    }

    /** The layer types this exporter can express: those with a {@link PyTorchAdapter}. */
    public Set<String> layerTypes() {
        return adapters.layerTypes();
    }

    @Override
    public String format() {
        return "pytorch";
    }

    @Override
    public String description() {
        return "PyTorch: a Python module (" + MODULE + ", class Net) and its state dict (" + WEIGHTS + ")";
    }

    @Override
    protected List<String> names() {
        return List.of(MODULE, WEIGHTS);
    }

    /** The files of the export by name: the module's source and the state dict. */
    @Override
    public Map<String, byte[]> files(Network network, List<WeightTensor> weights, LayerRegistry registry) throws IOException {
        Generated g = generate(network, weights, registry);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODULE, g.source().getBytes(StandardCharsets.UTF_8));
        files.put(WEIGHTS, SafeTensors.toBytes(g.stateDict()));
        return files;
    }

    /** The module's source and its state dict (PyTorch's names and layouts). */
    record Generated(String source, List<WeightTensor> stateDict) {
    }

    Generated generate(Network network, List<WeightTensor> weights, LayerRegistry registry) {
        Validation v = ExportInputs.validate(network, registry);
        Map<String, PyTorchAdapter> byNode = ExportInputs.adapters(v, adapters, "PyTorch", PyTorchExporter::why);
        Map<String, WeightTensor> byName = ExportInputs.checkWeights(network.name(), v, weights);
        return new Writer(network, v, byName, byNode).write();
    }

    public static String why(String type) {
        return switch (type) {
            case "Sampling" -> "it draws random numbers (the VAE's reparameterisation), which an inference model cannot reproduce";
            case "LDA", "QDA" -> "closed-form classifiers are not exported yet";
            default -> "the exporter does not know this layer type";
        };
    }

    /** Text safe inside a comment or docstring. */
    static String text(String s) {
        return s.replace("\\", "/").replace("\"\"\"", "'''").replaceAll("\\p{Cntrl}", " ");
    }

    /** Writes the module, each node through its adapter. */
    private static final class Writer extends PythonWriter implements PyTorchModule {
        private final Map<String, WeightTensor> weights;
        private final Map<String, PyTorchAdapter> adapters;
        private final List<String> init = new ArrayList<>(), forward = new ArrayList<>();
        private final List<WeightTensor> state = new ArrayList<>();
        /** Module-level definitions the adapters asked for, by name (in the order they are emitted). */
        private final Map<String, String> definitions = new LinkedHashMap<>();

        Writer(Network network, Validation v, Map<String, WeightTensor> weights, Map<String, PyTorchAdapter> adapters) {
            super(network, v);
            this.weights = weights;
            this.adapters = adapters;
        }

        @Override
        public void param(String id, String param, String torchName) {
            WeightTensor w = weights.get(id + "/" + param);
            state.add(new WeightTensor(names.get(id) + "." + torchName, w.shape(), w.values()));
        }

        @Override
        public void module(String id, String expression, String comment) {
            init.add("self." + names.get(id) + " = " + expression + "  # " + comment);
        }

        @Override
        public void line(String code, String comment) {
            forward.add(code + "  # " + comment);
        }

        @Override
        public void define(String name, String source) {
            definitions.putIfAbsent(name, source);
        }

        Generated write() {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            for (String id : v.order()) {
                LayerConfig c = v.configs().get(id);
                if (c.typeName().equals("Input")) {
                    inputs.add(id);
                }
                adapters.get(id).export(c, network.inputsOf(id).stream().map(Edge::from).toList(), this);
                if (network.outputsOf(id).isEmpty()) {
                    outputs.add(id);
                }
            }
            StringBuilder s = new StringBuilder();
            s.append("\"\"\"LayerCanvas network '").append(text(network.name())).append("' as a PyTorch module.\n\n");
            s.append("Generated by LayerCanvas. Inputs (channels-first images, batch first):\n");
            for (String id : inputs) {
                s.append("    ").append(names.get(id)).append(": ").append(PythonNames.shape(shape(id))).append("  (node '").append(text(id)).append("')\n");
            }
            s.append("Output").append(outputs.size() > 1 ? "s, in this order" : "").append(":\n");
            for (String id : outputs) {
                s.append("    ").append(names.get(id)).append(": ").append(PythonNames.shape(shape(id))).append("  (node '").append(text(id)).append("')\n");
            }
            s.append("""

                    Use:

                        model = Net()
                        model.load_state_dict(load_weights("weights.safetensors"))
                        model.eval()  # inference: Dropout off, BatchNorm on its running statistics
                        with torch.no_grad():
                            %s = model(%s)
                    \"\"\"
                    import json
                    import struct
                    import sys

                    import torch
                    import torch.nn.functional as F
                    from torch import nn

                    """.formatted(outputs.stream().map(names::get).collect(Collectors.joining(", ")),
                    inputs.stream().map(names::get).collect(Collectors.joining(", "))));
            s.append(PythonSources.TORCH_LOAD_WEIGHTS);
            for (String d : definitions.values()) {
                s.append("\n\n").append(d);
            }
            s.append("\n\nclass Net(nn.Module):\n");
            s.append("    \"\"\"LayerCanvas network '").append(text(network.name())).append("': ").append(v.order().size())
                    .append(" layers; attributes are named after the node ids.\"\"\"\n\n");
            s.append("    def __init__(self):\n        super().__init__()\n");
            for (String l : init) {
                s.append("        ").append(l).append('\n');
            }
            s.append("\n    def forward(self").append(inputs.stream().map(i -> ", " + names.get(i)).collect(Collectors.joining())).append("):\n");
            for (String id : inputs) {
                s.append("        # ").append(names.get(id)).append(": ").append(PythonNames.shape(shape(id))).append('\n');
            }
            for (String l : forward) {
                s.append("        ").append(l).append('\n');
            }
            s.append("        return ").append(outputs.stream().map(names::get).collect(Collectors.joining(", "))).append('\n');
            return new Generated(s.toString(), state);
        }
    }
}
