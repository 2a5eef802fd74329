package org.layercanvas.formats.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.formats.onnx.OnnxCheck.REGISTRY;
import static org.layercanvas.formats.onnx.OnnxCheck.assertMatches;
import static org.layercanvas.formats.onnx.OnnxCheck.single;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.ModelExporter;

/** Every layer type the exporter covers, alone behind its Input(s), against ONNX Runtime (the cases are shared with the PyTorch and Keras exporters' tests). */
public class OnnxExporterTest {
    private static Arguments layer(String name, String type, Map<String, Object> params, int[]... inputs) {
        return Arguments.of(name, single(type, params, inputs));
    }

    public static Stream<Arguments> singleLayers() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            cases.add(layer("Activation " + a.key(), "Activation", Map.of("activation", a.key()), new int[] {7}));
            cases.add(layer("Dense activation " + a.key(), "Dense", Map.of("units", 4, "activation", a.key()), new int[] {6}));
        }
        cases.add(layer("Activation softmax on [2,3,4]", "Activation", Map.of("activation", "softmax"), new int[] {2, 3, 4}));
        cases.add(layer("Activation elu on [2,3,4]", "Activation", Map.of("activation", "elu"), new int[] {2, 3, 4}));
        cases.add(layer("Dense without bias", "Dense", Map.of("units", 3, "use_bias", false), new int[] {5}));
        cases.add(layer("Dropout", "Dropout", Map.of("rate", 0.5), new int[] {5}));
        cases.add(layer("GaussianNoise", "GaussianNoise", Map.of("stddev", 0.3), new int[] {2, 3}));
        cases.add(layer("Flatten", "Flatten", Map.of(), new int[] {2, 3, 4}));
        cases.add(layer("Reshape [24] to [4,6]", "Reshape", Map.of("target_shape", List.of(4, 6)), new int[] {24}));
        cases.add(layer("Reshape [2,3,4] to [1,6,4]", "Reshape", Map.of("target_shape", List.of(1, 6, 4)), new int[] {2, 3, 4}));
        cases.add(layer("Conv2D valid", "Conv2D", Map.of("filters", 3, "kernel_size", 3), new int[] {2, 7, 6}));
        cases.add(layer("Conv2D same", "Conv2D", Map.of("filters", 4, "kernel_size", 3, "padding", "same"), new int[] {2, 7, 6}));
        cases.add(layer("Conv2D same, stride 2, even kernel", "Conv2D", Map.of("filters", 2, "kernel_size", 4, "padding", "same", "strides", 2),
                new int[] {3, 7, 8}));
        cases.add(layer("Conv2D same, stride 3, pads top 1 left 2", "Conv2D", Map.of("filters", 2, "kernel_size", 5, "padding", "same", "strides", 3),
                new int[] {1, 9, 7}));
        cases.add(layer("Conv2D padding 1, stride 2", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "padding", 1, "strides", 2),
                new int[] {1, 8, 7}));
        cases.add(layer("Conv2D valid, stride 3 leaves pixels", "Conv2D", Map.of("filters", 2, "kernel_size", 2, "strides", 3), new int[] {1, 8, 8}));
        cases.add(layer("Conv2D relu without bias", "Conv2D", Map.of("filters", 3, "kernel_size", 2, "use_bias", false, "activation", "relu"),
                new int[] {2, 5, 5}));
        cases.add(layer("Conv2D softmax", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "activation", "softmax"), new int[] {1, 5, 6}));
        cases.add(layer("Conv2D groups 2", "Conv2D", Map.of("filters", 6, "kernel_size", List.of(3, 2), "groups", 2, "activation", "tanh"),
                new int[] {4, 6, 5}));
        cases.add(layer("Conv2D depthwise, 2 filters per channel, stride 2, same", "Conv2D", Map.of("filters", 6, "kernel_size", 3, "groups", 3,
                "strides", 2, "padding", "same"), new int[] {3, 7, 6}));
        cases.add(layer("Conv2D depthwise without bias, relu", "Conv2D", Map.of("filters", 2, "kernel_size", 2, "groups", 2, "use_bias", false,
                "activation", "relu"), new int[] {2, 5, 5}));
        cases.add(layer("Conv2D log_softmax", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "activation", "log_softmax"), new int[] {1, 5, 6}));
        cases.add(layer("Conv2D sign", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "activation", "sign"), new int[] {1, 5, 6}));
        cases.add(layer("Conv2D kernel 3×2, strides 2×1", "Conv2D", Map.of("filters", 2, "kernel_size", List.of(3, 2), "strides", List.of(2, 1)),
                new int[] {2, 8, 7}));
        cases.add(layer("Conv2D kernel 1×4 same", "Conv2D", Map.of("filters", 3, "kernel_size", List.of(1, 4), "padding", "same"), new int[] {2, 5, 9}));
        cases.add(layer("Conv2D dilated 2, same", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "dilation_rate", 2, "padding", "same",
                "activation", "tanh"), new int[] {2, 9, 8}));
        cases.add(layer("Conv2D dilated 2×3, padding 1", "Conv2D", Map.of("filters", 2, "kernel_size", List.of(2, 3), "dilation_rate", List.of(2, 3),
                "padding", 1), new int[] {1, 7, 10}));
        cases.add(layer("Conv2DTranspose same, stride 2 (odd padding)", "Conv2DTranspose", Map.of("filters", 3, "kernel_size", 3, "strides", 2,
                "padding", "same"), new int[] {2, 3, 4}));
        cases.add(layer("Conv2DTranspose same, kernel 4 stride 2, relu", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 4, "strides", 2,
                "padding", "same", "activation", "relu"), new int[] {3, 3, 3}));
        cases.add(layer("Conv2DTranspose valid, kernel 3×2", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", List.of(3, 2), "activation", "tanh"),
                new int[] {2, 4, 3}));
        cases.add(layer("Conv2DTranspose valid, strides 2×3, output_padding 1×2", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 3,
                "strides", List.of(2, 3), "output_padding", List.of(1, 2)), new int[] {1, 3, 3}));
        cases.add(layer("Conv2DTranspose kernel 1 stride 2", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 1, "strides", 2), new int[] {2, 3, 3}));
        cases.add(layer("Conv2DTranspose padding 1 without bias, sigmoid", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 3, "strides", 2,
                "padding", 1, "use_bias", false, "activation", "sigmoid"), new int[] {2, 3, 4}));
        cases.add(layer("Conv2DTranspose valid, stride 2, leaky ReLU", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 2, "strides", 2,
                "activation", "leaky_relu"), new int[] {2, 3, 4}));
        cases.add(layer("Conv2DTranspose softmax", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 2, "strides", 2, "activation", "softmax"),
                new int[] {1, 2, 3}));
        cases.add(layer("Conv2DTranspose log_softmax", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 2, "strides", 2, "activation",
                "log_softmax"), new int[] {1, 2, 3}));
        for (String slopes : List.of("per_value", "per_channel", "per_feature", "single")) {
            cases.add(layer("PReLU " + slopes + " on an image", "PReLU", Map.of("slopes", slopes, "alpha_initializer", "glorot_uniform"), new int[] {3, 4, 5}));
        }
        cases.add(layer("PReLU per_feature on a sequence", "PReLU", Map.of("slopes", "per_feature", "alpha_initializer", "he_normal"), new int[] {4, 3}));
        cases.add(layer("PReLU on a vector", "PReLU", Map.of("alpha_initializer", "glorot_uniform"), new int[] {6}));
        for (String merge : List.of("concat", "sum", "mul", "ave")) {
            cases.add(layer("Bidirectional LSTM sequences, " + merge, "Bidirectional", Map.of("units", 3, "return_sequences", true, "merge_mode", merge),
                    new int[] {4, 2}));
        }
        cases.add(layer("Bidirectional GRU, last states concatenated", "Bidirectional", Map.of("layer", "GRU", "units", 3), new int[] {5, 2}));
        cases.add(layer("Bidirectional SimpleRNN relu, averaged", "Bidirectional", Map.of("layer", "SimpleRNN", "units", 2, "activation", "relu",
                "merge_mode", "ave"), new int[] {3, 4}));
        cases.add(layer("Bidirectional LSTM elu sequences", "Bidirectional", Map.of("units", 2, "activation", "elu", "return_sequences", true),
                new int[] {3, 2}));
        cases.add(layer("MaxPooling2D 3, stride 2, padding 1", "MaxPooling2D", Map.of("pool_size", 3, "strides", 2, "padding", 1), new int[] {2, 7, 6}));
        cases.add(layer("AveragePooling2D 2×3, padding 1", "AveragePooling2D", Map.of("pool_size", List.of(2, 3), "padding", 1), new int[] {1, 5, 7}));
        cases.add(layer("Embedding of a sequence", "Embedding", Map.of("input_dim", 7, "output_dim", 3), new int[] {5}));
        cases.add(layer("Embedding of a grid of indices", "Embedding", Map.of("input_dim", 4, "output_dim", 2), new int[] {2, 3}));
        cases.add(layer("Conv1D valid", "Conv1D", Map.of("filters", 3, "kernel_size", 3), new int[] {7, 2}));
        cases.add(layer("Conv1D same, stride 2, without bias", "Conv1D", Map.of("filters", 2, "kernel_size", 4, "strides", 2, "padding", "same",
                "use_bias", false), new int[] {9, 3}));
        cases.add(layer("Conv1D dilated 2, same, relu", "Conv1D", Map.of("filters", 2, "kernel_size", 3, "dilation_rate", 2, "padding", "same",
                "activation", "relu"), new int[] {8, 2}));
        cases.add(layer("Conv1D softmax over the filters", "Conv1D", Map.of("filters", 3, "kernel_size", 2, "activation", "softmax"), new int[] {5, 2}));
        for (String pool : List.of("MaxPooling1D", "AveragePooling1D")) {
            cases.add(layer(pool, pool, Map.of(), new int[] {7, 3}));
            cases.add(layer(pool + " 3 same, stride 2", pool, Map.of("pool_size", 3, "strides", 2, "padding", "same"), new int[] {8, 2}));
        }
        cases.add(layer("GlobalMaxPooling1D", "GlobalMaxPooling1D", Map.of(), new int[] {6, 3}));
        cases.add(layer("GlobalAveragePooling1D", "GlobalAveragePooling1D", Map.of(), new int[] {5, 4}));
        cases.add(layer("Permute [2,1] of a sequence", "Permute", Map.of("dims", List.of(2, 1)), new int[] {4, 3}));
        cases.add(layer("Permute [1,3,2] of an image", "Permute", Map.of("dims", List.of(1, 3, 2)), new int[] {2, 3, 4}));
        cases.add(layer("Permute [3,1,2] of an image", "Permute", Map.of("dims", List.of(3, 1, 2)), new int[] {2, 3, 4}));
        cases.add(layer("RepeatVector 4", "RepeatVector", Map.of("n", 4), new int[] {3}));
        cases.add(layer("ZeroPadding2D 1", "ZeroPadding2D", Map.of("padding", 1), new int[] {2, 3, 4}));
        cases.add(layer("ZeroPadding2D rows 2, columns 0", "ZeroPadding2D", Map.of("padding", List.of(2, 0)), new int[] {2, 3, 4}));
        cases.add(layer("ZeroPadding2D top 0, bottom 2, left 1, right 3", "ZeroPadding2D", Map.of("padding", List.of(0, 2, 1, 3)), new int[] {1, 2, 3}));
        cases.add(layer("Cropping2D 1", "Cropping2D", Map.of("cropping", 1), new int[] {2, 5, 4}));
        cases.add(layer("Cropping2D top 2, bottom 0, left 1, right 2", "Cropping2D", Map.of("cropping", List.of(2, 0, 1, 2)), new int[] {3, 6, 5}));
        cases.add(layer("UpSampling2D 2", "UpSampling2D", Map.of(), new int[] {2, 3, 4}));
        cases.add(layer("UpSampling2D 3×2", "UpSampling2D", Map.of("size", List.of(3, 2)), new int[] {1, 2, 3}));
        cases.add(layer("UpSampling2D bilinear 2", "UpSampling2D", Map.of("interpolation", "bilinear"), new int[] {2, 3, 4}));
        cases.add(layer("UpSampling2D bilinear 3×2", "UpSampling2D", Map.of("size", List.of(3, 2), "interpolation", "bilinear"), new int[] {1, 4, 3}));
        for (String pool : List.of("MaxPooling2D", "AveragePooling2D")) {
            cases.add(layer(pool + " same, stride 2 on odd sizes", pool, Map.of("pool_size", 2, "padding", "same"), new int[] {2, 5, 7}));
            cases.add(layer(pool + " 3 same, stride 2", pool, Map.of("pool_size", 3, "strides", 2, "padding", "same"), new int[] {2, 6, 7}));
            cases.add(layer(pool + " 3×2, strides 1×2", pool, Map.of("pool_size", List.of(3, 2), "strides", List.of(1, 2)), new int[] {2, 6, 7}));
            cases.add(layer(pool, pool, Map.of("pool_size", 2), new int[] {3, 6, 6}));
            cases.add(layer(pool + " 3, stride 2", pool, Map.of("pool_size", 3, "strides", 2), new int[] {2, 7, 8}));
            cases.add(layer(pool + " 2 on odd sizes", pool, Map.of(), new int[] {1, 5, 7}));
        }
        cases.add(layer("GlobalAveragePooling2D", "GlobalAveragePooling2D", Map.of(), new int[] {3, 5, 4}));
        cases.add(layer("GlobalMaxPooling2D", "GlobalMaxPooling2D", Map.of(), new int[] {2, 4, 6}));
        cases.add(layer("BatchNormalization of vectors", "BatchNormalization", Map.of(), new int[] {6}));
        cases.add(layer("BatchNormalization of images", "BatchNormalization", Map.of("epsilon", 0.01), new int[] {3, 4, 5}));
        cases.add(layer("Add", "Add", Map.of(), new int[] {5}, new int[] {5}));
        cases.add(layer("Add of three images", "Add", Map.of(), new int[] {2, 3, 3}, new int[] {2, 3, 3}, new int[] {2, 3, 3}));
        cases.add(layer("Subtract", "Subtract", Map.of(), new int[] {5}, new int[] {5}));
        cases.add(layer("Subtract of images", "Subtract", Map.of(), new int[] {2, 3, 3}, new int[] {2, 3, 3}));
        for (String merge : List.of("Multiply", "Average", "Maximum", "Minimum")) {
            cases.add(layer(merge, merge, Map.of(), new int[] {4}, new int[] {4}));
            cases.add(layer(merge + " of three images", merge, Map.of(), new int[] {2, 2, 3}, new int[] {2, 2, 3}, new int[] {2, 2, 3}));
        }
        cases.add(layer("Concatenate", "Concatenate", Map.of(), new int[] {3}, new int[] {4}));
        cases.add(layer("Concatenate channels (axis 0)", "Concatenate", Map.of("axis", 0), new int[] {2, 3, 3}, new int[] {1, 3, 3}));
        cases.add(layer("Concatenate axis 1", "Concatenate", Map.of("axis", 1), new int[] {2, 3}, new int[] {2, 5}, new int[] {2, 1}));
        cases.add(layer("Concatenate axis -2", "Concatenate", Map.of("axis", -2), new int[] {2, 3}, new int[] {4, 3}));
        // a layer type known only through the test class path's META-INF/services, as a plugin's is
        cases.add(layer("Square (a plugin layer)", "Square", Map.of(), new int[] {2, 3}));
        for (String rnn : List.of("SimpleRNN", "LSTM", "GRU")) {
            cases.add(layer(rnn, rnn, Map.of("units", 4), new int[] {5, 3}));
            cases.add(layer(rnn + " return_sequences", rnn, Map.of("units", 3, "return_sequences", true), new int[] {4, 2}));
            cases.add(layer(rnn + " of one step", rnn, Map.of("units", 2), new int[] {1, 3}));
            for (String f : List.of("relu", "sigmoid", "leaky_relu", "elu", "softplus", "softsign", "hard_sigmoid", "linear")) {
                cases.add(layer(rnn + " " + f, rnn, Map.of("units", 3, "activation", f, "return_sequences", true), new int[] {4, 2}));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleLayers")
    void singleLayerAgreesWithOnnxRuntime(String name, Network net) throws OrtException, java.io.IOException {
        assertMatches(name, net, name.hashCode());
    }

    @Test
    void everySupportedTypeHasASingleLayerCase() {
        assertThat(singleLayers().map(a -> ((Network) a.get()[1]).node("layer").orElseThrow().type()).distinct())
                .containsAll(new OnnxExporter().layerTypes().stream().filter(t -> !t.equals("Input")).toList());
    }

    @Test
    void layersOnnxCannotExpressAreRefusedByName() {
        Network sampling = single("Sampling", Map.of(), new int[] {3}, new int[] {3});
        assertThatThrownBy(() -> new OnnxExporter().toModel(sampling, List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot export Sampling 'layer' to ONNX: it draws random numbers");
        for (String type : List.of("LDA", "QDA")) {
            assertThatThrownBy(() -> new OnnxExporter().toModel(single(type, Map.of(), new int[] {2}), List.of(), REGISTRY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot export " + type + " 'layer' to ONNX");
        }
    }

    @Test
    void recurrentActivationsOnnxLacksAreRefusedByName() {
        assertThatThrownBy(() -> new OnnxExporter().toModel(single("LSTM", Map.of("units", 2, "activation", "sign"), new int[] {3, 2}),
                List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot export LSTM 'layer' to ONNX: ONNX's LSTM has no 'sign' activation");
    }

    @Test
    void weightsMustFitTheNetwork() {
        Network dense = single("Dense", Map.of("units", 2), new int[] {3});
        List<WeightTensor> wrong = List.of(new WeightTensor("layer/weight", Shape.of(3, 2), new float[6]),
                new WeightTensor("other/bias", Shape.of(2), new float[2]));
        assertThatThrownBy(() -> new OnnxExporter().toModel(dense, wrong, REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the weights do not fit network 'main': tensor 'layer/weight' has shape [3,2] but the network needs [2,3]; "
                        + "missing tensor 'layer/bias' [2]; tensor 'other/bias' matches no parameter of the network");
    }

    @Test
    void invalidNetworksAreRefusedWithTheirProblems() {
        Network bad = single("Dense", Map.of("units", 2), new int[] {2, 3});
        assertThatThrownBy(() -> new OnnxExporter().toModel(bad, List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("network 'main' is not valid").hasMessageContaining("Dense 'layer' expects a 1-D input");
    }

    @Test
    void isARegisteredModelExporter() {
        assertThat(ModelExporter.find("onnx")).get().isInstanceOf(OnnxExporter.class)
                .satisfies(e -> assertThat(e.extension()).isEqualTo(".onnx"));
    }
}
