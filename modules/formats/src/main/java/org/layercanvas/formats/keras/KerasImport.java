package org.layercanvas.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.layout.LayeredLayout;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ModelImporter.Imported;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.spi.KerasWeight;

/**
 * A Keras model configuration ({@code model.to_json()}: Sequential or functional) with its weights, as a LayerCanvas network.
 * Layers keep their Keras names as node ids and their Keras arguments as parameters. Keras holds images channels-last
 * ([H, W, C]), LayerCanvas channels-first: an image input becomes a [C, H, W] Input (feed it channels-first), convolution and
 * pooling take their channels-last kernels transposed, a Flatten of such an image feeds the following Dense with its kernel's
 * rows reordered, and the {@code Permute} layers LayerCanvas's own export puts around convolutions vanish. Whatever cannot be
 * expressed is collected, each by layer name, and refused at once.
 */
final class KerasImport {
    /** Keras activations LayerCanvas has under the same name. */
    private static final Set<String> ACTIVATIONS = Set.of("linear", "relu", "sigmoid", "tanh", "softmax", "elu", "softplus", "exponential", "selu", "gelu",
            "swish", "softsign", "log_softmax");
    /** The Keras layers that join several inputs. */
    private static final Set<String> MERGES = Set.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate");
    /** The Keras layer classes imported (see {@link #layer}). */
    private static final Set<String> CLASSES = Set.of("InputLayer", "Dense", "Conv2D", "DepthwiseConv2D", "Conv2DTranspose", "Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D",
            "GlobalAveragePooling1D", "MaxPooling2D", "AveragePooling2D", "ZeroPadding2D", "Cropping2D", "UpSampling2D",
            "BatchNormalization", "Flatten", "Reshape", "Permute", "RepeatVector", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Activation", "LeakyReLU", "PReLU", "Embedding", "Softmax", "Dropout", "GaussianNoise", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
            "SimpleRNN", "LSTM", "GRU", "Bidirectional");

    /**
     * A layer's output as LayerCanvas holds it: the node that computes it and its sample shape (channels-first); whether Keras
     * holds it channels-last (an image); for a flattened channels-last image, the Keras index of each LayerCanvas value; a
     * ZeroPadding2D's pixels waiting for the Conv2D that takes them.
     */
    private record Value(String node, Shape shape, boolean channelsLast, FlatImage kerasIndex, int padding, String paddingLayer) {
        Value(String node, Shape shape, boolean channelsLast) {
            this(node, shape, channelsLast, null, 0, null);
        }

        Value as(String newNode, Shape newShape) {
            return new Value(newNode, newShape, channelsLast, kerasIndex, 0, null);
        }
    }

    /** A channels-last image [h, w, c] flattened: value i of LayerCanvas's (c, h, w) order is value {@link #keras} of Keras's (h, w, c) order. */
    private record FlatImage(int c, int h, int w) {
        int keras(int i) {
            int ch = i / (h * w), y = i / w % h, x = i % w;
            return (y * w + x) * c + ch;
        }
    }

    private final LayerRegistry registry;
    private final Map<String, KerasWeight> weights;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<WeightTensor> tensors = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Value> values = new HashMap<>();
    /** The layers that could not be imported (their problems are listed): what reads them is not imported either. */
    private final Set<String> failed = new java.util.HashSet<>();
    /** How many layers read each layer's output (a LeakyReLU folds into the Dense or Conv2D it alone reads). */
    private final Map<String, Integer> readers = new HashMap<>();
    /** The class of a layer that reads each layer's output (the only one where {@link #readers} counts one). */
    private final Map<String, String> readBy = new HashMap<>();
    /** The layers that a Permute reads: an image input read so is channels-first, as LayerCanvas's export writes them. */
    private final Set<String> permuted = new java.util.HashSet<>();
    private final boolean imagesChannelsFirst;

    private KerasImport(LayerRegistry registry, Map<String, KerasWeight> weights, boolean imagesChannelsFirst) {
        this.registry = registry;
        this.weights = weights;
        this.imagesChannelsFirst = imagesChannelsFirst;
    }

    /**
     * The network "main" and its weights from {@code model} (a {@code class_name}/{@code config} object) and the weights by name
     * ({@code <layer>/<weight>}).
     *
     * @param imagesChannelsFirst whether the model's image inputs are channels-first (LayerCanvas wrote it); otherwise an image
     *     input is channels-last, as Keras's are, unless a Permute to channels-last reads it
     *
     * @throws IllegalArgumentException the model uses what LayerCanvas cannot express: every such layer named
     */
    static Imported convert(JsonNode model, Map<String, KerasWeight> weights, LayerRegistry registry, String source, boolean imagesChannelsFirst) {
        KerasImport k = new KerasImport(registry, weights, imagesChannelsFirst);
        k.model(model);
        if (!k.problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": cannot import the Keras model: " + String.join("; ", k.problems));
        }
        Network net = new Network("main", k.nodes, k.edges);
        Validation v = new Validator(registry).validate(net);
        if (!v.ok()) {
            throw new IllegalArgumentException(source + ": the imported network is not valid: " + v.problems());
        }
        return new Imported(LayeredLayout.apply(net), k.tensors);
    }

    private void model(JsonNode model) {
        String kind = model.path("class_name").asText();
        JsonNode config = model.path("config");
        List<JsonNode> layers = new ArrayList<>();
        (config.isArray() ? config : config.path("layers")).forEach(layers::add);
        if (kind.equals("Sequential")) {
            sequential(layers);
        } else if (kind.equals("Model") || kind.equals("Functional")) {
            functional(layers);
        } else {
            problems.add("the model is a '" + kind + "', not a Sequential or functional Keras model");
        }
    }

    /** Each layer reads the one before; the first carries the input's shape unless it is an InputLayer. */
    private void sequential(List<JsonNode> layers) {
        String previous = null;
        for (JsonNode layer : layers) {
            String name = name(layer);
            if (previous == null && !layer.path("class_name").asText().equals("InputLayer")) {
                previous = unique(name + "_input");
                read(previous, layer);
                Value in = input(previous, layer.path("config"));
                if (in != null) {
                    values.put(previous, in);
                }
            } else if (previous != null) {
                read(previous, layer);
            }
            layer(layer, previous == null ? List.of() : List.of(previous));
            previous = name;
        }
    }

    /** Each layer names the layers whose outputs it reads: {@code inbound_nodes} [[[name, node, tensor, {}], …]]. */
    private void functional(List<JsonNode> layers) {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        for (JsonNode layer : layers) {
            List<String> in = new ArrayList<>();
            JsonNode inbound = layer.path("inbound_nodes");
            if (inbound.size() > 1) {
                problems.add("layer '" + name(layer) + "' is called " + inbound.size() + " times (shared layers are not imported)");
            }
            JsonNode call = inbound.path(0);
            if (call.isArray()) { // Keras 2 and TensorFlow.js: [[name, node, tensor, {}], …]
                call.forEach(ref -> in.add(ref.path(0).asText()));
            } else if (call.isObject()) { // Keras 3: {"args": [tensor or [tensors]], "kwargs": {}}, a tensor's config.keras_history = [name, node, tensor]
                JsonNode args = call.path("args").path(0);
                (args.isArray() ? args : List.of(args)).forEach(t -> in.add(t.path("config").path("keras_history").path(0).asText()));
            }
            in.forEach(i -> read(i, layer));
            inputs.put(name(layer), in);
        }
        for (JsonNode layer : layers) {
            layer(layer, inputs.get(name(layer)));
        }
    }

    /** Notes that {@code layer} reads {@code input}'s output. */
    private void read(String input, JsonNode layer) {
        readers.merge(input, 1, Integer::sum);
        readBy.put(input, layer.path("class_name").asText());
        if (layer.path("class_name").asText().equals("Permute")) {
            permuted.add(input);
        }
    }

    private static String name(JsonNode layer) {
        String name = layer.path("config").path("name").asText(null);
        return name != null ? name : layer.path("name").asText();
    }

    private String unique(String wanted) {
        String name = wanted;
        for (int k = 2; values.containsKey(name); k++) {
            name = wanted + "_" + k;
        }
        return name;
    }

    private void layer(JsonNode layer, List<String> inputNames) {
        String cls = layer.path("class_name").asText(), name = name(layer);
        JsonNode c = layer.path("config");
        List<Value> in = new ArrayList<>();
        for (String i : inputNames) {
            Value v = values.get(i);
            if (v == null) {
                if (!failed.contains(i)) {
                    problem(name, cls, "it reads '" + i + "', which is no layer before it");
                } else if (!CLASSES.contains(cls)) { // its input's problem is listed already
                    problem(name, cls, "LayerCanvas has no such layer");
                }
                failed.add(name);
                return;
            }
            in.add(v);
        }
        int wanted = cls.equals("InputLayer") ? 0 : cls.equals("Subtract") ? 2 : MERGES.contains(cls) ? Math.max(2, in.size()) : 1;
        if (CLASSES.contains(cls) && in.size() != wanted) {
            problem(name, cls, "it reads " + in.size() + " layers' outputs, not "
                    + (MERGES.contains(cls) && !cls.equals("Subtract") ? "two or more" : wanted == 2 ? "two" : wanted));
            failed.add(name);
            return;
        }
        int before = problems.size();
        Value out = switch (cls) {
            case "InputLayer" -> input(name, c);
            case "Dense" -> dense(name, c, in.get(0));
            case "Conv2D", "DepthwiseConv2D" -> conv(name, cls, c, in.get(0));
            case "Conv2DTranspose" -> convTranspose(name, c, in.get(0));
            case "Conv1D" -> conv1d(name, c, in.get(0));
            case "MaxPooling1D", "AveragePooling1D" -> pool1d(name, cls, c, in.get(0));
            case "GlobalMaxPooling1D", "GlobalAveragePooling1D" -> sequenceOnly(name, cls, c, in.get(0)) ? node(name, cls, params(), in, null, false) : null;
            case "MaxPooling2D", "AveragePooling2D" -> pool(name, cls, c, in.get(0));
            case "ZeroPadding2D", "Cropping2D" -> margins(name, cls, c, in.get(0));
            case "UpSampling2D" -> upSampling(name, c, in.get(0));
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> globalPool(name, cls, c, in.get(0));
            case "BatchNormalization" -> batchNorm(name, c, in.get(0));
            case "Flatten" -> flatten(name, in.get(0));
            case "Reshape" -> reshape(name, c, in.get(0));
            case "Permute" -> permute(name, c, in.get(0));
            case "RepeatVector" -> in.get(0).shape().rank() == 1 && in.get(0).kerasIndex() == null
                    ? node(name, "RepeatVector", params("n", c.path("n").asInt()), in, null, false)
                    : problem(name, cls, "its input " + in.get(0).shape() + " is not a vector");
            case "Activation" -> activation(name, ours(c.path("activation").asText()), in.get(0));
            case "LeakyReLU" -> leakyRelu(name, c, in.get(0));
            case "PReLU" -> prelu(name, c, in.get(0));
            case "Embedding" -> embedding(name, c, in.get(0));
            case "Softmax" -> softmax(name, c, in.get(0));
            case "Dropout" -> passThrough(name, "Dropout", params("rate", c.path("rate").asDouble()), in.get(0));
            case "GaussianNoise" -> passThrough(name, "GaussianNoise", params("stddev", c.path("stddev").asDouble()), in.get(0));
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> merge(name, cls, in);
            case "Concatenate" -> concatenate(name, c, in);
            case "SimpleRNN", "LSTM", "GRU" -> recurrent(name, cls, c, in.get(0));
            case "Bidirectional" -> bidirectional(name, c, in.get(0));
            default -> problem(name, cls, "LayerCanvas has no such layer");
        };
        if (out != null && problems.size() == before) {
            values.put(name, out);
        } else {
            failed.add(name);
        }
    }

    private Value problem(String name, String cls, String what) {
        problems.add("layer '" + name + "' (" + cls + "): " + what);
        return null;
    }

    private Value input(String name, JsonNode c) {
        JsonNode shape = c.has("batch_input_shape") ? c.path("batch_input_shape") : c.path("batch_shape");
        int[] dims = new int[Math.max(0, shape.size() - 1)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.path(i + 1).asInt(-1);
        }
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d <= 0)) {
            return problem(name, "InputLayer", "its shape " + shape + " is not fixed (LayerCanvas needs every dimension but the batch)");
        }
        if (Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> Math.min(a * b, 1L << 40)) > Integer.MAX_VALUE) {
            return problem(name, "InputLayer", "its shape " + shape + " has more than " + Integer.MAX_VALUE + " values a sample");
        }
        boolean image = dims.length == 3 && !imagesChannelsFirst && !permuted.contains(name);
        Shape s = image ? Shape.of(dims[2], dims[0], dims[1]) : Shape.of(dims);
        return node(name, "Input", params("shape", Arrays.stream(s.dims()).boxed().toList()), List.of(), s, image);
    }

    /** Adds a node reading {@code in}; its shape comes from LayerCanvas's own rules. */
    private Value node(String name, String type, Map<String, Object> params, List<Value> in, Shape known, boolean channelsLast) {
        LayerType t = registry.find(type).orElseThrow();
        params.values().removeIf(Objects::isNull); // not known: the default
        for (ParamSpec p : t.params()) {
            Object v = params.get(p.name());
            if (v != null && p.defaultValue() != null && (v.equals(p.defaultValue())
                    || v instanceof Number a && p.defaultValue() instanceof Number b && a.doubleValue() == b.doubleValue())) {
                params.remove(p.name()); // the default: the project file leaves it out, as a person would
            }
        }
        nodes.add(new Node(name, type, params, null, null));
        for (int port = 0; port < in.size(); port++) {
            edges.add(new Edge(in.get(port).node(), name, port));
        }
        Shape shape = known;
        if (shape == null) {
            Validation v = new Validator(registry).validate(new Network("partial", nodes, edges));
            shape = v.shapes().get(name);
            if (shape == null) {
                problems.add("layer '" + name + "' (" + type + "): " + v.problems().stream().filter(p -> Objects.equals(p.nodeId(), name))
                        .map(Object::toString).findFirst().orElse("its output shape is unknown"));
                return null;
            }
        }
        return new Value(name, shape, channelsLast);
    }

    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    /** Layer {@code layer}'s weight {@code name}, which must have {@code shape}; null (with the problem listed) where it does not. */
    private KerasWeight weight(String layer, String name, int... shape) {
        KerasWeight w = weights.get(layer + "/" + name);
        if (w == null) {
            problems.add("layer '" + layer + "': its weight '" + name + "' is not in the weights manifest");
        } else if (!Arrays.equals(w.shape(), shape)) {
            problems.add("layer '" + layer + "': its weight '" + name + "' has shape " + Arrays.toString(w.shape()) + " but the layer needs "
                    + Arrays.toString(shape));
            return null;
        }
        return w;
    }

    private void tensor(String node, String param, Shape shape, float[] values) {
        tensors.add(new WeightTensor(node + "/" + param, shape, values));
    }

    private String activationOf(String name, String cls, JsonNode c) {
        String f = ours(c.path("activation").asText("linear"));
        if (!ACTIVATIONS.contains(f)) {
            problem(name, cls, unknownActivation(f));
        }
        return f;
    }

    private static String unknownActivation(String f) {
        return "activation '" + f + "' is not one LayerCanvas has (" + String.join(", ", new java.util.TreeSet<>(ACTIVATIONS)) + ")";
    }

    /** Keras's activation name as LayerCanvas's: silu is Keras 3's other name of swish. */
    private static String ours(String keras) {
        return keras.equals("silu") ? "swish" : keras;
    }

    private Value dense(String name, JsonNode c, Value x) {
        String f = activationOf(name, "Dense", c);
        if (x.shape().rank() != 1) {
            return problem(name, "Dense", "its input has shape " + x.shape() + "; LayerCanvas's Dense takes vectors (add a Flatten)");
        }
        boolean bias = c.path("use_bias").asBoolean(true);
        int units = c.path("units").asInt(), features = x.shape().dim(0);
        KerasWeight kernel = weight(name, "kernel", features, units), b = bias ? weight(name, "bias", units) : null;
        if (kernel == null || bias && b == null) {
            return null;
        }
        float[] w = new float[units * features];
        for (int i = 0; i < features; i++) {
            int row = x.kerasIndex() == null ? i : x.kerasIndex().keras(i);
            for (int u = 0; u < units; u++) {
                w[u * features + i] = kernel.values()[row * units + u];
            }
        }
        Value out = node(name, "Dense", params("units", units, "activation", f, "use_bias", bias, "kernel_initializer", initializer(c.path("kernel_initializer"))), List.of(x),
                Shape.of(units), false);
        tensor(name, "weight", Shape.of(units, features), w);
        if (bias) {
            tensor(name, "bias", Shape.of(units), b.values());
        }
        return out;
    }

    /**
     * The kernel initializer as LayerCanvas names it, for training the imported model further: Keras's name, or the class and
     * VarianceScaling settings that Keras and TensorFlow.js save; one LayerCanvas lacks leaves the default (the weights are imported).
     */
    private static String initializer(JsonNode init) {
        if (init.isTextual()) {
            return known(init.asText());
        }
        String cls = init.path("class_name").asText(), mode = init.path("config").path("mode").asText().replace("fanAvg", "fan_avg").replace("fanIn", "fan_in");
        String distribution = init.path("config").path("distribution").asText().replace("truncated_normal", "normal");
        double scale = init.path("config").path("scale").asDouble();
        return known(switch (cls) {
            case "GlorotUniform" -> "glorot_uniform";
            case "GlorotNormal" -> "glorot_normal";
            case "HeNormal" -> "he_normal";
            case "HeUniform" -> "he_uniform";
            case "Zeros" -> "zeros";
            case "Ones" -> "ones";
            case "VarianceScaling" -> scale == 1 && mode.equals("fan_avg") ? "glorot_" + distribution : scale == 2 && mode.equals("fan_in") ? "he_" + distribution : null;
            default -> null;
        });
    }

    private static String known(String initializer) {
        return initializer != null && org.layercanvas.engine.train.Initializers.names().contains(initializer) ? initializer : null;
    }

    /** A Keras int or (rows, columns) as LayerCanvas writes it: the int, or [rows, columns] where they differ; null after a problem. */
    private Object pair(String name, String cls, JsonNode pair, String what) {
        int a = pair.isArray() ? pair.path(0).asInt() : pair.asInt(), b = pair.isArray() ? pair.path(1).asInt() : a;
        if (a < 1 || b < 1 || pair.isArray() && pair.size() != 2) {
            problem(name, cls, what + " " + pair + " is not one or two positive numbers");
            return null;
        }
        return a == b ? (Object) a : List.of(a, b);
    }

    private static int rows(Object pair) {
        return pair instanceof List<?> l ? (Integer) l.get(0) : (Integer) pair;
    }

    private static int columns(Object pair) {
        return pair instanceof List<?> l ? (Integer) l.get(1) : (Integer) pair;
    }

    /** Whether the layer's data_format matches how its input is held. */
    private boolean layoutFits(String name, String cls, JsonNode c, Value x) {
        boolean last = !"channels_first".equals(c.path("data_format").asText("channels_last"));
        if (x.shape().rank() != 3 || last != x.channelsLast()) {
            problem(name, cls, "its input " + x.shape() + " is not a " + (last ? "channels-last" : "channels-first") + " image");
            return false;
        }
        return true;
    }

    /** Conv2D (grouped or not) and DepthwiseConv2D, whose depth_multiplier filters per channel are a Conv2D with a group per channel. */
    private Value conv(String name, String cls, JsonNode c, Value x) {
        String f = activationOf(name, cls, c);
        Object k = pair(name, cls, c.path("kernel_size"), "kernel_size"), s = pair(name, cls, c.path("strides"), "strides");
        Object d = c.has("dilation_rate") ? pair(name, cls, c.path("dilation_rate"), "dilation_rate") : Integer.valueOf(1);
        String padding = c.path("padding").asText("valid");
        if (!padding.equals("valid") && !padding.equals("same")) {
            problem(name, cls, "padding '" + padding + "'");
        }
        if (k == null || s == null || d == null || !layoutFits(name, cls, c, x)) {
            return null;
        }
        Object pad = padding;
        Value from = x;
        if (x.padding() > 0) {
            if (!padding.equals("valid")) {
                return problem(name, cls, "ZeroPadding2D '" + x.paddingLayer() + "' before a convolution with padding 'same'");
            }
            pad = x.padding();
            from = new Value(x.node(), x.shape(), x.channelsLast());
        }
        boolean bias = c.path("use_bias").asBoolean(true), depthwise = cls.equals("DepthwiseConv2D");
        int channels = from.shape().dim(0), groups = depthwise ? channels : c.path("groups").asInt(1);
        int filters = depthwise ? channels * c.path("depth_multiplier").asInt(1) : c.path("filters").asInt();
        if (groups < 1 || channels % groups != 0 || filters % groups != 0) {
            return problem(name, cls, "groups " + groups + " for " + channels + " channels and " + filters + " filters (groups must divide both)");
        }
        int kh = rows(k), kw = columns(k), perGroup = channels / groups;
        KerasWeight kernel = depthwise ? weight(name, "depthwise_kernel", kh, kw, channels, filters / channels) : weight(name, "kernel", kh, kw, perGroup, filters);
        KerasWeight b = bias ? weight(name, "bias", filters) : null;
        if (kernel == null || bias && b == null) {
            return null;
        }
        // a depthwise kernel [kh, kw, C, m] is, value for value, a [kh, kw, 1, C·m] kernel of filters c·m + j
        float[] w = KerasWeight.filtersFirst(kernel.values(), kh, kw, perGroup, filters);
        Map<String, Object> params = params("filters", filters, "kernel_size", k, "strides", s, "dilation_rate", d, "padding", pad, "activation", f,
                "use_bias", bias, "kernel_initializer", initializer(c.path(depthwise ? "depthwise_initializer" : "kernel_initializer")));
        if (groups != 1) {
            params.put("groups", groups);
        }
        Value out = node(name, "Conv2D", params, List.of(from), null, from.channelsLast());
        tensor(name, "weight", Shape.of(filters, perGroup, kh, kw), w);
        if (bias) {
            tensor(name, "bias", Shape.of(filters), b.values());
        }
        return out;
    }

    /**
     * Keras's output size without output_padding is in·stride + max(kernel − stride, 0) ("valid") or in·stride ("same"):
     * LayerCanvas's "valid" with the output_padding that makes it up; with output_padding, "valid" is LayerCanvas's formula.
     */
    private Value convTranspose(String name, JsonNode c, Value x) {
        int before = problems.size();
        String cls = "Conv2DTranspose", f = activationOf(name, cls, c);
        Object k = pair(name, cls, c.path("kernel_size"), "kernel_size"), s = pair(name, cls, c.path("strides"), "strides");
        Object d = c.has("dilation_rate") ? pair(name, cls, c.path("dilation_rate"), "dilation_rate") : Integer.valueOf(1);
        if (!Integer.valueOf(1).equals(d)) {
            problem(name, cls, "dilation_rate " + c.path("dilation_rate") + " (LayerCanvas's transposed convolutions are not dilated)");
        }
        String padding = c.path("padding").asText("valid");
        JsonNode given = c.path("output_padding");
        if (!padding.equals("valid") && !padding.equals("same")) {
            problem(name, cls, "padding '" + padding + "'");
        } else if (padding.equals("same") && !given.isNull() && !given.isMissingNode() && given.toString().matches(".*[1-9].*")) {
            problem(name, cls, "output_padding " + given + " with padding 'same'");
        }
        if (k == null || s == null || !layoutFits(name, cls, c, x) || problems.size() > before) {
            return null;
        }
        int kh = rows(k), kw = columns(k), sh = rows(s), sw = columns(s);
        Object outputPadding = 0;
        if (padding.equals("valid")) {
            boolean none = given.isNull() || given.isMissingNode();
            int oh = none ? Math.max(0, sh - kh) : given.isArray() ? given.path(0).asInt() : given.asInt();
            int ow = none ? Math.max(0, sw - kw) : given.isArray() ? given.path(1).asInt() : given.asInt();
            outputPadding = oh == ow ? (Object) oh : List.of(oh, ow);
        }
        boolean bias = c.path("use_bias").asBoolean(true);
        int filters = c.path("filters").asInt(), channels = x.shape().dim(0);
        KerasWeight kernel = weight(name, "kernel", kh, kw, filters, channels), b = bias ? weight(name, "bias", filters) : null;
        if (kernel == null || bias && b == null) {
            return null;
        }
        Value out = node(name, cls, params("filters", filters, "kernel_size", k, "strides", s, "padding", padding, "output_padding", outputPadding,
                "activation", f, "use_bias", bias, "kernel_initializer", initializer(c.path("kernel_initializer"))), List.of(x), null, x.channelsLast());
        tensor(name, "weight", Shape.of(channels, filters, kh, kw), KerasWeight.filtersFirst(kernel.values(), kh, kw, filters, channels));
        if (bias) {
            tensor(name, "bias", Shape.of(filters), b.values());
        }
        return out;
    }

    /** Whether x is a sequence [steps, features] held as LayerCanvas holds it (Keras's channels-last, the default). */
    private boolean sequenceOnly(String name, String cls, JsonNode c, Value x) {
        if (x.shape().rank() != 2 || x.kerasIndex() != null || x.padding() > 0 || "channels_first".equals(c.path("data_format").asText())) {
            problem(name, cls, "its input " + x.shape() + " is not a channels-last sequence [steps, features]");
            return false;
        }
        return true;
    }

    /** Keras's Conv1D on [steps, features]: LayerCanvas's, with the kernel [k, features, filters] as the weight [filters, features, k]. */
    private Value conv1d(String name, JsonNode c, Value x) {
        int before = problems.size();
        String f = activationOf(name, "Conv1D", c), padding = c.path("padding").asText("valid");
        if (!padding.equals("valid") && !padding.equals("same")) {
            problem(name, "Conv1D", "padding '" + padding + "'");
        }
        if (c.path("groups").asInt(1) != 1) {
            problem(name, "Conv1D", "groups " + c.path("groups").asInt() + " (LayerCanvas's convolutions are not grouped)");
        }
        if (!sequenceOnly(name, "Conv1D", c, x) || problems.size() > before) {
            return null;
        }
        int k = c.path("kernel_size").path(0).asInt(c.path("kernel_size").asInt()), s = c.path("strides").path(0).asInt(c.path("strides").asInt(1));
        int d = c.path("dilation_rate").path(0).asInt(c.path("dilation_rate").asInt(1));
        boolean bias = c.path("use_bias").asBoolean(true);
        int filters = c.path("filters").asInt(), features = x.shape().dim(1);
        KerasWeight kernel = weight(name, "kernel", k, features, filters), b = bias ? weight(name, "bias", filters) : null;
        if (kernel == null || bias && b == null) {
            return null;
        }
        Value out = node(name, "Conv1D", params("filters", filters, "kernel_size", k, "strides", s, "dilation_rate", d, "padding", padding, "activation", f,
                "use_bias", bias, "kernel_initializer", initializer(c.path("kernel_initializer"))), List.of(x), null, false);
        tensor(name, "weight", Shape.of(filters, features, k), KerasWeight.filtersFirst(kernel.values(), k, 1, features, filters));
        if (bias) {
            tensor(name, "bias", Shape.of(filters), b.values());
        }
        return out;
    }

    private Value pool1d(String name, String cls, JsonNode c, Value x) {
        String padding = c.path("padding").asText("valid");
        if (!padding.equals("valid") && !padding.equals("same")) {
            return problem(name, cls, "padding '" + padding + "'");
        }
        if (!sequenceOnly(name, cls, c, x)) {
            return null;
        }
        int p = c.path("pool_size").path(0).asInt(c.path("pool_size").asInt(2));
        JsonNode strides = c.path("strides");
        int s = strides.isNull() || strides.isMissingNode() ? p : strides.path(0).asInt(strides.asInt());
        return node(name, cls, params("pool_size", p, "strides", s == p ? 0 : s, "padding", padding), List.of(x), null, false);
    }

    private Value pool(String name, String cls, JsonNode c, Value x) {
        Object p = pair(name, cls, c.path("pool_size"), "pool_size");
        Object s = c.path("strides").isNull() || c.path("strides").isMissingNode() ? p : pair(name, cls, c.path("strides"), "strides");
        String padding = c.path("padding").asText("valid");
        if (!padding.equals("valid") && !padding.equals("same")) {
            problem(name, cls, "padding '" + padding + "'");
        }
        if (p == null || s == null || !layoutFits(name, cls, c, x)) {
            return null;
        }
        return node(name, cls, params("pool_size", p, "strides", s.equals(p) ? 0 : s, "padding", padding), List.of(x), null, x.channelsLast());
    }

    private Value globalPool(String name, String cls, JsonNode c, Value x) {
        if (c.path("keepdims").asBoolean(false)) {
            return problem(name, cls, "keepdims true (LayerCanvas's global pools give [channels])");
        }
        if (!layoutFits(name, cls, c, x)) {
            return null;
        }
        return node(name, cls, params(), List.of(x), Shape.of(x.shape().dim(0)), false);
    }

    /**
     * ZeroPadding2D and Cropping2D: Keras's int, (rows, columns) or ((top, bottom), (left, right)). Padding the same on every
     * side that a Conv2D alone reads is kept for it (LayerCanvas pads inside the convolution); otherwise a layer of its own.
     */
    private Value margins(String name, String cls, JsonNode c, Value x) {
        JsonNode p = c.path(cls.equals("ZeroPadding2D") ? "padding" : "cropping");
        List<Integer> sides = new ArrayList<>(); // top, bottom, left, right
        for (JsonNode axis : p.isArray() ? p : List.of(p, p)) {
            sides.add(axis.isArray() ? axis.path(0).asInt() : axis.asInt());
            sides.add(axis.isArray() ? axis.path(1).asInt() : axis.asInt());
        }
        if (sides.size() != 4 || sides.stream().anyMatch(v -> v < 0)) {
            return problem(name, cls, (cls.equals("ZeroPadding2D") ? "padding " : "cropping ") + p + " is not pixels on an image's sides");
        }
        if (!layoutFits(name, cls, c, x)) {
            return null;
        }
        if (cls.equals("ZeroPadding2D") && sides.stream().distinct().count() == 1 && readers.getOrDefault(name, 0) == 1
                && "Conv2D".equals(readBy.get(name))) {
            return new Value(x.node(), x.shape(), x.channelsLast(), null, sides.get(0), name);
        }
        Object written = sides.get(0).equals(sides.get(1)) && sides.get(2).equals(sides.get(3))
                ? sides.get(0).equals(sides.get(2)) ? (Object) sides.get(0) : List.of(sides.get(0), sides.get(2)) : sides;
        return node(name, cls, params(cls.equals("ZeroPadding2D") ? "padding" : "cropping", written), List.of(x), null, x.channelsLast());
    }

    private Value upSampling(String name, JsonNode c, Value x) {
        String interpolation = c.path("interpolation").asText("nearest");
        if (interpolation.equals("bilinear")) {
            // TensorFlow.js 4.22's UpSampling2D calls resizeBilinear without half-pixel centres, Keras's resize and LayerCanvas use
            // them: a model.json does not say which the model was trained with
            return problem(name, "UpSampling2D", "interpolation 'bilinear' (TensorFlow.js interpolates from pixel corners, Keras between centres)");
        }
        if (!interpolation.equals("nearest")) {
            return problem(name, "UpSampling2D", "interpolation '" + interpolation + "' (LayerCanvas's UpSampling2D repeats pixels or interpolates bilinearly)");
        }
        Object size = pair(name, "UpSampling2D", c.path("size"), "size");
        if (size == null || !layoutFits(name, "UpSampling2D", c, x)) {
            return null;
        }
        return node(name, "UpSampling2D", params("size", size), List.of(x), null, x.channelsLast());
    }

    private Value batchNorm(String name, JsonNode c, Value x) {
        int rank = x.shape().rank();
        int axis = c.path("axis").isArray() ? c.path("axis").path(0).asInt() : c.path("axis").asInt(-1);
        axis = axis < 0 ? axis + rank + 1 : axis;
        boolean fits = x.channelsLast() ? axis == 3 : rank == 1 ? axis == 1 : rank == 3 && axis == 1;
        if (!fits) {
            return problem(name, "BatchNormalization", "axis " + c.path("axis") + " of " + (x.channelsLast() ? "a channels-last image" : "shape " + x.shape())
                    + " (LayerCanvas normalizes each feature of vectors or each channel of images)");
        }
        int n = x.shape().dim(0);
        boolean scale = c.path("scale").asBoolean(true), center = c.path("center").asBoolean(true);
        KerasWeight gamma = scale ? weight(name, "gamma", n) : null, beta = center ? weight(name, "beta", n) : null;
        KerasWeight mean = weight(name, "moving_mean", n), variance = weight(name, "moving_variance", n);
        if (scale && gamma == null || center && beta == null || mean == null || variance == null) {
            return null;
        }
        Value out = node(name, "BatchNormalization", params("momentum", c.path("momentum").asDouble(0.99), "epsilon", c.path("epsilon").asDouble(0.001)),
                List.of(x), x.shape(), x.channelsLast());
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        tensor(name, "weight", Shape.of(n), reorder(scale ? gamma.values() : ones, x));
        tensor(name, "bias", Shape.of(n), reorder(center ? beta.values() : new float[n], x));
        tensor(name, "running_mean", Shape.of(n), reorder(mean.values(), x));
        tensor(name, "running_var", Shape.of(n), reorder(variance.values(), x));
        return out == null ? null : new Value(out.node(), out.shape(), out.channelsLast(), x.kerasIndex(), 0, null);
    }

    /** Per-feature values in LayerCanvas's order where the features are a flattened channels-last image. */
    private static float[] reorder(float[] keras, Value x) {
        if (x.kerasIndex() == null) {
            return keras;
        }
        float[] ours = new float[keras.length];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = keras[x.kerasIndex().keras(i)];
        }
        return ours;
    }

    private Value flatten(String name, Value x) {
        Value out = node(name, "Flatten", params(), List.of(x), Shape.of(x.shape().size()), false);
        if (out == null || !x.channelsLast()) {
            return out == null ? null : new Value(out.node(), out.shape(), false, x.kerasIndex(), 0, null);
        }
        // LayerCanvas flattens (c, h, w), Keras (h, w, c)
        return new Value(out.node(), out.shape(), false, new FlatImage(x.shape().dim(0), x.shape().dim(1), x.shape().dim(2)), 0, null);
    }

    private Value reshape(String name, JsonNode c, Value x) {
        List<Integer> target = new ArrayList<>();
        c.path("target_shape").forEach(d -> target.add(d.asInt()));
        // what it makes is held as Keras holds it: a Conv2D reading it as a channels-last image is refused
        if (x.channelsLast() || x.kerasIndex() != null) {
            return problem(name, "Reshape", "it reshapes a channels-last image" + (x.kerasIndex() != null ? " (flattened)" : "")
                    + ", whose values LayerCanvas holds in another order");
        }
        if (target.size() == 1 && x.shape().rank() > 1) {
            return node(name, "Flatten", params(), List.of(x), null, false); // how LayerCanvas's own export writes a Flatten
        }
        return node(name, "Reshape", params("target_shape", target), List.of(x), null, false);
    }

    /** The Permute layers around a convolution (LayerCanvas's own export) only change how the image is held. */
    private Value permute(String name, JsonNode c, Value x) {
        List<Integer> dims = new ArrayList<>();
        c.path("dims").forEach(d -> dims.add(d.asInt()));
        if (x.shape().rank() == 3 && !x.channelsLast() && dims.equals(List.of(2, 3, 1))) {
            return new Value(x.node(), x.shape(), true);
        }
        if (x.shape().rank() == 3 && x.channelsLast() && dims.equals(List.of(3, 1, 2))) {
            return new Value(x.node(), x.shape(), false);
        }
        if (x.channelsLast() || x.kerasIndex() != null || x.padding() > 0) {
            return problem(name, "Permute", "dims " + dims + " of a channels-last image (LayerCanvas permutes channels-first values)");
        }
        return node(name, "Permute", params("dims", dims), List.of(x), null, false);
    }

    private Value activation(String name, String f, Value x) {
        if (!ACTIVATIONS.contains(f)) {
            return problem(name, "Activation", unknownActivation(f));
        }
        if ((f.equals("softmax") || f.equals("log_softmax")) && x.channelsLast()) {
            return problem(name, "Activation", f + " over the channels of a channels-last image (LayerCanvas's normalizes the last axis, the width)");
        }
        return passThrough(name, "Activation", params("activation", f), x);
    }

    /** LayerCanvas's leaky ReLU has slope 0.01; right after a linear Dense or Conv2D that only it reads, it becomes their activation. */
    private Value leakyRelu(String name, JsonNode c, Value x) {
        double alpha = c.has("negative_slope") ? c.path("negative_slope").asDouble() : c.path("alpha").asDouble(0.3);
        if (Math.abs(alpha - 0.01) > 1e-6) {
            return problem(name, "LeakyReLU", "slope " + alpha + " (LayerCanvas's leaky ReLU has slope 0.01)");
        }
        Node producer = nodes.stream().filter(n -> n.id().equals(x.node())).findFirst().orElseThrow();
        boolean linear = !producer.params().containsKey("activation") || "linear".equals(producer.params().get("activation"));
        if (x.padding() == 0 && linear && Set.of("Dense", "Conv2D", "Conv2DTranspose").contains(producer.type())
                && readers.getOrDefault(x.node(), 0) == 1) {
            Map<String, Object> params = new LinkedHashMap<>(producer.params());
            params.put("activation", "leaky_relu");
            nodes.set(nodes.indexOf(producer), new Node(producer.id(), producer.type(), params, null, null));
            return x;
        }
        return passThrough(name, "Activation", params("activation", "leaky_relu"), x);
    }

    /**
     * PReLU: α has Keras's input shape with 1 on the {@code shared_axes}; it must share slopes one of LayerCanvas's ways (per
     * value, channel, feature or one), and per value on a channels-last image it is reordered channels-first.
     */
    private Value prelu(String name, JsonNode c, Value x) {
        Shape ours = x.shape();
        int rank = ours.rank();
        int[] keras = new int[rank], alpha = new int[rank];
        for (int i = 0; i < rank; i++) {
            keras[i] = x.channelsLast() ? ours.dim(i == rank - 1 ? 0 : i + 1) : ours.dim(i);
        }
        System.arraycopy(keras, 0, alpha, 0, rank);
        for (JsonNode axis : c.path("shared_axes")) {
            int a = axis.asInt(0);
            if (a < 1 || a > rank) {
                return problem(name, "PReLU", "shared axis " + axis + " outside its input's axes 1 to " + rank);
            }
            alpha[a - 1] = 1;
        }
        int[] oursAlpha = alpha.clone();
        if (x.channelsLast()) { // [h, w, c] → [c, h, w]
            oursAlpha[0] = alpha[rank - 1];
            System.arraycopy(alpha, 0, oursAlpha, 1, rank - 1);
        }
        String slopes = org.layercanvas.formats.adapters.PReLUAdapter.slopes(Shape.of(oursAlpha), ours);
        if (slopes == null) {
            return problem(name, "PReLU", "shared_axes " + c.path("shared_axes") + " (LayerCanvas's PReLU learns one slope per value, per channel, "
                    + "per feature (the last axis) or one for all)");
        }
        KerasWeight w = weight(name, "alpha", alpha);
        if (w == null || x.padding() > 0) {
            return x.padding() > 0 ? problem(name, "PReLU", "it reads ZeroPadding2D '" + x.paddingLayer() + "', which is imported only before a Conv2D") : null;
        }
        float[] values = w.values();
        if (x.channelsLast() && slopes.equals("per_value")) {
            FlatImage image = new FlatImage(ours.dim(0), ours.dim(1), ours.dim(2));
            values = new float[w.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = w.values()[image.keras(i)];
            }
        } else if (slopes.equals("per_value")) {
            values = reorder(values, x);
        }
        String init = initializer(c.path("alpha_initializer"));
        Value out = node(name, "PReLU", params("slopes", slopes, "alpha_initializer", init == null ? "zeros" : init), List.of(x), ours, x.channelsLast());
        tensor(name, "alpha", org.layercanvas.engine.layers.PReLULayer.alphaShape(slopes, ours), values);
        return out == null ? null : x.as(out.node(), out.shape());
    }

    /** Embedding: the table [input_dim, output_dim] as it is; masking (mask_zero) is not something LayerCanvas's layers take. */
    private Value embedding(String name, JsonNode c, Value x) {
        if (c.path("mask_zero").asBoolean(false)) {
            return problem(name, "Embedding", "mask_zero true (LayerCanvas's layers take no masks)");
        }
        if (x.channelsLast() || x.kerasIndex() != null || x.padding() > 0) {
            return problem(name, "Embedding", "indices in an image's channels-last layout");
        }
        int rows = c.path("input_dim").asInt(), dim = c.path("output_dim").asInt();
        KerasWeight table = weight(name, "embeddings", rows, dim);
        if (table == null) {
            return null;
        }
        String init = initializer(c.path("embeddings_initializer"));
        Value out = node(name, "Embedding", params("input_dim", rows, "output_dim", dim, "embeddings_initializer", init == null ? "glorot_uniform" : init),
                List.of(x), null, false);
        tensor(name, "weight", Shape.of(rows, dim), table.values());
        return out;
    }

    private Value softmax(String name, JsonNode c, Value x) {
        int axis = c.path("axis").isArray() ? c.path("axis").path(0).asInt() : c.path("axis").asInt(-1);
        if (x.channelsLast() || axis != -1 && axis != x.shape().rank()) {
            return problem(name, "Softmax", "axis " + axis + " (LayerCanvas's softmax normalizes the last axis of channels-first values)");
        }
        return passThrough(name, "Activation", params("activation", "softmax"), x);
    }

    /** A layer that keeps its input's shape and layout. */
    private Value passThrough(String name, String type, Map<String, Object> params, Value x) {
        if (x.padding() > 0) {
            return problem(name, type, "it reads ZeroPadding2D '" + x.paddingLayer() + "', which is imported only before a Conv2D");
        }
        Value out = node(name, type, params, List.of(x), x.shape(), x.channelsLast());
        return out == null ? null : x.as(out.node(), out.shape());
    }

    private Value merge(String name, String cls, List<Value> in) {
        Value first = in.get(0);
        for (Value v : in) {
            if (v.channelsLast() != first.channelsLast() || !Objects.equals(v.kerasIndex(), first.kerasIndex()) || v.padding() > 0) {
                return problem(name, cls, "its inputs are held in different layouts");
            }
        }
        Value out = node(name, cls, params(), in, null, first.channelsLast());
        return out == null ? null : first.as(out.node(), out.shape());
    }

    private Value concatenate(String name, JsonNode c, List<Value> in) {
        int rank = in.get(0).shape().rank(), axis = c.path("axis").asInt(-1);
        int given = axis;
        axis = (axis < 0 ? axis + rank + 1 : axis) - 1; // without the batch
        if (axis < 0 || axis >= rank) {
            return problem(name, "Concatenate", "axis " + given + " (its inputs have " + (rank + 1) + " axes with the batch, which cannot be joined along)");
        }
        boolean last = in.get(0).channelsLast();
        for (Value v : in) {
            if (v.channelsLast() != last || v.kerasIndex() != null || v.padding() > 0) {
                return problem(name, "Concatenate", "its inputs are held in different layouts");
            }
        }
        int ours = last ? new int[] {1, 2, 0}[axis] : axis; // Keras's (h, w, c) axes of an image are LayerCanvas's 1, 2, 0
        return node(name, "Concatenate", params("axis", ours == rank - 1 ? -1 : ours), in, null, last);
    }

    private Value recurrent(String name, String cls, JsonNode c, Value x) {
        String f = activationOf(name, cls, c);
        if (!recurrentFits(name, cls, c, x)) {
            return null;
        }
        float[][] w = recurrentWeights(name, "", cls, c, x.shape().dim(1));
        if (w == null) {
            return null;
        }
        Value out = node(name, cls, params("units", c.path("units").asInt(), "activation", f, "return_sequences", c.path("return_sequences").asBoolean(false)),
                List.of(x), null, false);
        recurrentTensors(name, w, "", x.shape().dim(1), c.path("units").asInt());
        return out;
    }

    /**
     * Bidirectional around a SimpleRNN, LSTM or GRU: LayerCanvas's Bidirectional with the wrapped layer's settings, the
     * forward copy's weights ({@code forward_<layer>/…}) as the layer's and the backward copy's as its {@code …_reverse}.
     */
    private Value bidirectional(String name, JsonNode c, Value x) {
        JsonNode layer = c.path("layer");
        String cls = layer.path("class_name").asText(), inner = layer.path("config").path("name").asText();
        JsonNode lc = layer.path("config");
        if (!Set.of("SimpleRNN", "LSTM", "GRU").contains(cls)) {
            return problem(name, "Bidirectional", "it wraps " + cls + " (LayerCanvas's Bidirectional wraps SimpleRNN, LSTM or GRU)");
        }
        String merge = c.path("merge_mode").isNull() ? "None" : c.path("merge_mode").asText("concat");
        if (!Set.of("concat", "sum", "mul", "ave").contains(merge)) {
            return problem(name, "Bidirectional", "merge_mode " + merge + " (LayerCanvas merges the directions: concat, sum, mul or ave)");
        }
        String f = activationOf(name, cls, lc);
        if (!recurrentFits(name, cls, lc, x)) {
            return null;
        }
        int features = x.shape().dim(1), units = lc.path("units").asInt();
        float[][] forward = recurrentWeights(name, "forward_" + inner + "/", cls, lc, features);
        float[][] backward = recurrentWeights(name, "backward_" + inner + "/", cls, lc, features);
        if (forward == null || backward == null) {
            return null;
        }
        Value out = node(name, "Bidirectional", params("layer", cls, "units", units, "activation", f, "return_sequences",
                lc.path("return_sequences").asBoolean(false), "merge_mode", merge), List.of(x), null, false);
        recurrentTensors(name, forward, "", features, units);
        recurrentTensors(name, backward, "_reverse", features, units);
        return out;
    }

    /** Whether a recurrent layer's settings and input are ones LayerCanvas's have; each one that is not is a problem. */
    private boolean recurrentFits(String name, String cls, JsonNode c, Value x) {
        boolean lstm = cls.equals("LSTM"), gru = cls.equals("GRU");
        if ((lstm || gru) && !c.path("recurrent_activation").asText("sigmoid").equals("sigmoid")) {
            problem(name, cls, "recurrent_activation '" + c.path("recurrent_activation").asText() + "' (LayerCanvas's " + cls + " gates are sigmoid)");
        }
        if (gru && !c.path("reset_after").asBoolean(false)) {
            problem(name, cls, "reset_after false (LayerCanvas's GRU applies the reset gate after the recurrent product, as reset_after true and PyTorch)");
        }
        for (String flag : List.of("return_state", "go_backwards", "stateful")) {
            if (c.path(flag).asBoolean(false)) {
                problem(name, cls, flag + " true");
            }
        }
        if (x.shape().rank() != 2 || x.channelsLast()) {
            problem(name, cls, "its input has shape " + x.shape() + ", not [steps, features]");
            return false;
        }
        return true;
    }

    /**
     * A recurrent layer's weights {@code <prefix>kernel}, {@code recurrent_kernel}, {@code bias} as LayerCanvas's weight_ih,
     * weight_hh, bias_ih, bias_hh: Keras's [in, gates·units] kernels transposed; gates i, f, c, o are LayerCanvas's i, f, g, o;
     * its one bias as bias_ih, bias_hh zero; a GRU's gates z, r, h are LayerCanvas's z, r, n in the order r, z, n, and its
     * two biases the two. Null (and problems) where a weight is missing or misshapen.
     */
    private float[][] recurrentWeights(String name, String prefix, String cls, JsonNode c, int features) {
        boolean lstm = cls.equals("LSTM"), gru = cls.equals("GRU");
        int units = c.path("units").asInt(), rows = (lstm ? 4 : gru ? 3 : 1) * units;
        boolean bias = c.path("use_bias").asBoolean(true);
        KerasWeight kernel = weight(name, prefix + "kernel", features, rows), recurrent = weight(name, prefix + "recurrent_kernel", units, rows);
        KerasWeight b = !bias ? null : gru ? weight(name, prefix + "bias", 2, rows) : weight(name, prefix + "bias", rows);
        if (kernel == null || recurrent == null || bias && b == null) {
            return null;
        }
        float[] ih = KerasWeight.transpose(kernel.values(), features, rows), hh = KerasWeight.transpose(recurrent.values(), units, rows);
        float[] bih = bias ? Arrays.copyOf(b.values(), rows) : new float[rows];
        float[] bhh = bias && gru ? Arrays.copyOfRange(b.values(), rows, 2 * rows) : new float[rows];
        if (gru) {
            ih = swapFirstBlocks(ih, units * features);
            hh = swapFirstBlocks(hh, units * units);
            bih = swapFirstBlocks(bih, units);
            bhh = swapFirstBlocks(bhh, units);
        }
        return new float[][] {ih, hh, bih, bhh};
    }

    private void recurrentTensors(String name, float[][] w, String suffix, int features, int units) {
        int rows = w[2].length;
        tensor(name, "weight_ih" + suffix, Shape.of(rows, features), w[0]);
        tensor(name, "weight_hh" + suffix, Shape.of(rows, units), w[1]);
        tensor(name, "bias_ih" + suffix, Shape.of(rows), w[2]);
        tensor(name, "bias_hh" + suffix, Shape.of(rows), w[3]);
    }

    /** Keras's GRU gate blocks z, r, h as LayerCanvas's r, z, n: the first two swapped. */
    private static float[] swapFirstBlocks(float[] values, int block) {
        float[] out = values.clone();
        System.arraycopy(values, 0, out, block, block);
        System.arraycopy(values, block, out, 0, block);
        return out;
    }
}
