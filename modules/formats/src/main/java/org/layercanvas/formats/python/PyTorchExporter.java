package org.layercanvas.formats.python;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.ExportInputs;
import org.layercanvas.formats.SafeTensors;

/**
 * Exports a network as a readable PyTorch module ({@value #MODULE}: class {@code Net}, a
 * {@code torch.nn.Module} whose layers are attributes named after the node ids and whose
 * {@code forward} follows the graph, with the shapes in comments) and its weights under PyTorch's
 * state-dict names ({@value #WEIGHTS}), so that
 * {@code Net().load_state_dict(load_weights("weights.safetensors"))} works; {@code load_weights} is
 * in the module and needs no safetensors package. Computes inference: Dropout and GaussianNoise pass
 * values through (Dropout as {@code nn.Dropout}, inactive after {@code eval()}), BatchNormalization
 * uses its running statistics.
 */
public final class PyTorchExporter extends FolderExporter {
    public static final String MODULE = "model.py", WEIGHTS = "weights.safetensors";

    /** The layer types this exporter can express: the same as ONNX's. */
    public static final Set<String> SUPPORTED = ExportInputs.EXPRESSIBLE;

    @Override
    public String format() {
        return "pytorch";
    }

    @Override
    public String description() {
        return "PyTorch: a Python module (" + MODULE + ", class Net) and its state dict (" + WEIGHTS + ")";
    }

    @Override
    List<String> names() {
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

    static Generated generate(Network network, List<WeightTensor> weights, LayerRegistry registry) {
        Validation v = ExportInputs.validate(network, registry);
        for (String id : v.order()) {
            LayerConfig c = v.configs().get(id);
            if (!SUPPORTED.contains(c.typeName())) {
                throw new IllegalArgumentException("cannot export " + c.describe() + " to PyTorch: " + why(c.typeName()));
            }
        }
        Map<String, WeightTensor> byName = ExportInputs.checkWeights(network.name(), v, weights);
        return new Writer(network, v, byName).write();
    }

    static String why(String type) {
        return switch (type) {
            case "Sampling" -> "it draws random numbers (the VAE's reparameterisation), which an inference model cannot reproduce";
            case "LDA", "QDA" -> "closed-form classifiers are not exported yet";
            default -> "the exporter does not know this layer type";
        };
    }

    /** [N, d1, d2, …] */
    static String shape(Shape s) {
        StringBuilder b = new StringBuilder("[N");
        for (int d : s.dims()) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    /** Text safe inside a comment or docstring. */
    static String text(String s) {
        return s.replace("\\", "/").replace("\"\"\"", "'''").replaceAll("\\p{Cntrl}", " ");
    }

    /** PyTorch's momentum (the weight of the new batch) from Keras's (the weight of the old statistics). */
    static String torchMomentum(double kerasMomentum) {
        return BigDecimal.ONE.subtract(new BigDecimal(Double.toString(kerasMomentum))).stripTrailingZeros().toPlainString();
    }

    private static final class Writer {
        private final Network network;
        private final Validation v;
        private final Map<String, WeightTensor> weights;
        private final Map<String, String> names;
        private final List<String> init = new ArrayList<>(), forward = new ArrayList<>();
        private final List<WeightTensor> state = new ArrayList<>();
        /** Helper definitions the module needs, by name (in the order they are emitted). */
        private final Set<String> helpers = new LinkedHashSet<>();

        Writer(Network network, Validation v, Map<String, WeightTensor> weights) {
            this.network = network;
            this.v = v;
            this.weights = weights;
            this.names = PythonNames.of(v.order());
        }

        private Shape shapeOf(String id) {
            return v.shapes().get(id);
        }

        /** State-dict entry {@code <attribute>.<torchName>} = our {@code <id>/<param>}, as stored. */
        private void param(String id, String param, String torchName) {
            WeightTensor w = weights.get(id + "/" + param);
            state.add(new WeightTensor(names.get(id) + "." + torchName, w.shape(), w.values()));
        }

        private void module(String id, String expression, String comment) {
            init.add("self." + names.get(id) + " = " + expression + "  # " + comment);
        }

        private void line(String code, String comment) {
            forward.add(code + "  # " + comment);
        }

        Generated write() {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            for (String id : v.order()) {
                LayerConfig c = v.configs().get(id);
                List<String> in = network.inputsOf(id).stream().map(Edge::from).map(names::get).toList();
                List<String> inIds = network.inputsOf(id).stream().map(Edge::from).toList();
                if (c.typeName().equals("Input")) {
                    inputs.add(id);
                } else {
                    lower(c, in, inIds);
                }
                if (network.outputsOf(id).isEmpty()) {
                    outputs.add(id);
                }
            }
            StringBuilder s = new StringBuilder();
            s.append("\"\"\"LayerCanvas network '").append(text(network.name())).append("' as a PyTorch module.\n\n");
            s.append("Generated by LayerCanvas. Inputs (channels-first images, batch first):\n");
            for (String id : inputs) {
                s.append("    ").append(names.get(id)).append(": ").append(shape(shapeOf(id))).append("  (node '").append(text(id)).append("')\n");
            }
            s.append("Output").append(outputs.size() > 1 ? "s, in this order" : "").append(":\n");
            for (String id : outputs) {
                s.append("    ").append(names.get(id)).append(": ").append(shape(shapeOf(id))).append("  (node '").append(text(id)).append("')\n");
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
            for (String h : helpers) {
                s.append("\n\n").append(PythonSources.torchHelper(h));
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
                s.append("        # ").append(names.get(id)).append(": ").append(shape(shapeOf(id))).append('\n');
            }
            for (String l : forward) {
                s.append("        ").append(l).append('\n');
            }
            s.append("        return ").append(outputs.stream().map(names::get).collect(Collectors.joining(", "))).append('\n');
            return new Generated(s.toString(), state);
        }

        private void lower(LayerConfig c, List<String> in, List<String> inIds) {
            String id = c.nodeId(), y = names.get(id), x = in.isEmpty() ? null : in.get(0);
            String out = shape(shapeOf(id));
            switch (c.typeName()) {
                case "Dense" -> {
                    int inFeatures = shapeOf(inIds.get(0)).dim(0), units = c.getInt("units");
                    boolean bias = c.getBoolean("use_bias");
                    module(id, "nn.Linear(" + inFeatures + ", " + units + (bias ? "" : ", bias=False") + ")", "Dense");
                    param(id, "weight", "weight");
                    if (bias) {
                        param(id, "bias", "bias");
                    }
                    Activation f = Activation.of(c.getString("activation"));
                    line(y + " = " + call(f, "self." + y + "(" + x + ")"), out + (f == Activation.LINEAR ? "" : ", " + f.key()));
                }
                case "Conv2D" -> conv(c, x, inIds.get(0));
                case "MaxPooling2D", "AveragePooling2D" -> {
                    int k = c.getInt("pool_size"), s = c.getInt("strides") == 0 ? k : c.getInt("strides");
                    String torch = c.typeName().equals("MaxPooling2D") ? "nn.MaxPool2d" : "nn.AvgPool2d";
                    module(id, torch + "(" + k + ", stride=" + s + ")", c.typeName() + ", no padding");
                    line(y + " = self." + y + "(" + x + ")", out);
                }
                case "Activation" -> {
                    Activation f = Activation.of(c.getString("activation"));
                    module(id, activationModule(f), "Activation " + f.key());
                    line(y + " = self." + y + "(" + x + ")", out);
                }
                case "Dropout" -> {
                    module(id, "nn.Dropout(" + PythonNames.number(c.getDouble("rate")) + ")", "Dropout: passes values through after eval()");
                    line(y + " = self." + y + "(" + x + ")", out);
                }
                case "GaussianNoise" -> {
                    module(id, "nn.Identity()", "GaussianNoise(stddev " + PythonNames.number(c.getDouble("stddev")) + "): training only");
                    line(y + " = self." + y + "(" + x + ")", out);
                }
                case "Flatten" -> {
                    module(id, "nn.Flatten()", "Flatten");
                    line(y + " = self." + y + "(" + x + ")", out);
                }
                case "Reshape" -> {
                    String dims = java.util.Arrays.stream(shapeOf(id).dims()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
                    line(y + " = " + x + ".reshape(" + x + ".shape[0], " + dims + ")", out + ", Reshape");
                }
                case "BatchNormalization" -> {
                    Shape s = shapeOf(inIds.get(0));
                    String torch = s.rank() == 3 ? "nn.BatchNorm2d" : s.rank() == 4 ? "nn.BatchNorm3d" : "nn.BatchNorm1d";
                    module(id, torch + "(" + s.dim(0) + ", eps=" + PythonNames.number(c.getDouble("epsilon")) + ", momentum="
                            + torchMomentum(c.getDouble("momentum")) + ")", "BatchNormalization (Keras momentum " + PythonNames.number(c.getDouble("momentum")) + ")");
                    param(id, "weight", "weight");
                    param(id, "bias", "bias");
                    param(id, "running_mean", "running_mean");
                    param(id, "running_var", "running_var");
                    line(y + " = self." + y + "(" + x + ")", out);
                }
                case "Add" -> line(y + " = " + String.join(" + ", in), out + ", Add");
                case "Concatenate" -> {
                    int axis = c.getInt("axis");
                    line(y + " = torch.cat([" + String.join(", ", in) + "], dim=" + (axis < 0 ? axis : axis + 1) + ")", out + ", Concatenate");
                }
                case "SimpleRNN", "LSTM" -> recurrent(c, x, inIds.get(0));
                default -> throw new IllegalStateException("no lowering for " + c.describe());
            }
        }

        private void conv(LayerConfig c, String x, String inId) {
            String id = c.nodeId(), y = names.get(id);
            Shape in = shapeOf(inId);
            int k = c.getInt("kernel_size"), filters = c.getInt("filters");
            Window2D w = Window2D.of(in.dim(0), in.dim(1), in.dim(2), k, k, c.getInt("strides"), c.get("padding"));
            // the padding the window needs at the bottom/right ("same" puts an odd pixel there, as Keras)
            int padBottom = Math.max(0, (w.outH() - 1) * w.stride() + w.kh() - w.height() - w.padTop());
            int padRight = Math.max(0, (w.outW() - 1) * w.stride() + w.kw() - w.width() - w.padLeft());
            boolean explicit = c.get("padding") instanceof Integer;
            boolean symmetric = explicit || padBottom == w.padTop() && padRight == w.padLeft();
            StringBuilder m = new StringBuilder("nn.Conv2d(" + in.dim(0) + ", " + filters + ", " + k);
            if (w.stride() != 1) {
                m.append(", stride=").append(w.stride());
            }
            if (symmetric && (w.padTop() != 0 || w.padLeft() != 0)) {
                m.append(", padding=").append(w.padTop() == w.padLeft() ? Integer.toString(w.padTop()) : "(" + w.padTop() + ", " + w.padLeft() + ")");
            }
            boolean bias = c.getBoolean("use_bias");
            if (!bias) {
                m.append(", bias=False");
            }
            m.append(')');
            String padding = String.valueOf(c.get("padding"));
            module(id, m.toString(), "Conv2D, padding " + padding);
            param(id, "weight", "weight");
            if (bias) {
                param(id, "bias", "bias");
            }
            String arg = x;
            if (!symmetric) {
                // PyTorch pads symmetrically (and padding="same" takes no stride): pad left, right, top, bottom first
                line(y + " = F.pad(" + x + ", (" + w.padLeft() + ", " + padRight + ", " + w.padTop() + ", " + padBottom + "))",
                        "[N, " + in.dim(0) + ", " + (in.dim(1) + w.padTop() + padBottom) + ", " + (in.dim(2) + w.padLeft() + padRight) + "], padded as Keras's \"same\"");
                arg = y;
            }
            Activation f = Activation.of(c.getString("activation"));
            String out = shape(shapeOf(id));
            if (f == Activation.SOFTMAX) {
                line(y + " = self." + y + "(" + arg + ")", out);
                // the layer's softmax normalizes each filter's whole H×W map
                line(y + " = torch.softmax(" + y + ".flatten(2), dim=-1).reshape(" + y + ".shape)", out + ", softmax over each filter's map");
            } else {
                line(y + " = " + call(f, "self." + y + "(" + arg + ")"), out + (f == Activation.LINEAR ? "" : ", " + f.key()));
            }
        }

        private void recurrent(LayerConfig c, String x, String inId) {
            String id = c.nodeId(), y = names.get(id);
            boolean lstm = c.typeName().equals("LSTM");
            int features = shapeOf(inId).dim(1), units = c.getInt("units"), steps = shapeOf(inId).dim(0);
            Activation f = Activation.of(c.getString("activation"));
            String module;
            if (lstm && f == Activation.TANH) {
                module = "nn.LSTM(" + features + ", " + units + ", batch_first=True)";
            } else if (!lstm && (f == Activation.TANH || f == Activation.RELU)) {
                module = "nn.RNN(" + features + ", " + units + ", nonlinearity=\"" + f.key() + "\", batch_first=True)";
            } else {
                // nn.RNN has only tanh and relu, nn.LSTM only tanh: the same parameters with a loop over the steps
                String helper = lstm ? "ElementwiseLSTM" : "ElementwiseRNN";
                helpers.add(helper);
                module = helper + "(" + features + ", " + units + ", " + activationModule(f) + ")";
            }
            module(id, module, c.typeName() + " " + f.key() + (lstm ? ", gates i, f, g, o" : ""));
            param(id, "weight_ih", "weight_ih_l0");
            param(id, "weight_hh", "weight_hh_l0");
            param(id, "bias_ih", "bias_ih_l0");
            param(id, "bias_hh", "bias_hh_l0");
            if (c.getBoolean("return_sequences")) {
                line(y + ", _ = self." + y + "(" + x + ")", shape(shapeOf(id)) + ", every step");
            } else {
                line(y + ", _ = self." + y + "(" + x + ")", "[N, " + steps + ", " + units + "], every step");
                line(y + " = " + y + "[:, -1]", shape(shapeOf(id)) + ", the last step");
            }
        }

        /** f(expression) in PyTorch. */
        private String call(Activation f, String e) {
            return switch (f) {
                case LINEAR -> e;
                case STEP -> {
                    helpers.add("step");
                    yield "step(" + e + ")";
                }
                case SIGN -> {
                    helpers.add("sign");
                    yield "sign(" + e + ")";
                }
                case SIGMOID -> "torch.sigmoid(" + e + ")";
                case TANH -> "torch.tanh(" + e + ")";
                case RELU -> "torch.relu(" + e + ")";
                case LEAKY_RELU -> "F.leaky_relu(" + e + ", " + PythonNames.number(f.defaultAlpha()) + ")";
                case ELU -> "F.elu(" + e + ", " + PythonNames.number(f.defaultAlpha()) + ")";
                case ABS -> "torch.abs(" + e + ")";
                case SOFTPLUS -> "F.softplus(" + e + ")";
                case SOFTMAX -> "torch.softmax(" + e + ", dim=-1)";
                case EXPONENTIAL -> "torch.exp(" + e + ")";
            };
        }

        /** f as a module. */
        private String activationModule(Activation f) {
            return switch (f) {
                case LINEAR -> "nn.Identity()";
                case SIGMOID -> "nn.Sigmoid()";
                case TANH -> "nn.Tanh()";
                case RELU -> "nn.ReLU()";
                case LEAKY_RELU -> "nn.LeakyReLU(" + PythonNames.number(f.defaultAlpha()) + ")";
                case ELU -> "nn.ELU(" + PythonNames.number(f.defaultAlpha()) + ")";
                case SOFTPLUS -> "nn.Softplus()";
                case SOFTMAX -> "nn.Softmax(dim=-1)";
                case ABS, EXPONENTIAL, STEP, SIGN -> {
                    helpers.add("Elementwise");
                    String fn = switch (f) {
                        case ABS -> "torch.abs";
                        case EXPONENTIAL -> "torch.exp";
                        case STEP -> {
                            helpers.add("step");
                            yield "step";
                        }
                        default -> {
                            helpers.add("sign");
                            yield "sign";
                        }
                    };
                    yield "Elementwise(" + fn + ")";
                }
            };
        }
    }
}
