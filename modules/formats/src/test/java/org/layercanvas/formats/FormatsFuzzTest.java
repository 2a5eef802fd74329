package org.layercanvas.formats;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.keras.TfjsImporter;
import org.layercanvas.formats.onnx.OnnxImporter;

/**
 * Fuzz targets for every reader of a file a user may hand LayerCanvas. Each may refuse its input only in the
 * documented way (a {@link DataFormatException}, or an {@link IOException} naming the file; the ONNX and TensorFlow.js
 * importers also an {@link IllegalArgumentException} for what LayerCanvas cannot express); any other exception, a hang
 * or running out of memory is a finding.
 * <p>
 * In a plain build ({@code mvn verify}) each target runs once per seed in {@code FormatsFuzzTestInputs/<target>/}
 * (the malformed-input corpus and the examples) and every input that once crashed it. To fuzz one target for a
 * while: {@code JAZZER_FUZZ=1 mvn -pl modules/formats test -Dtest=FormatsFuzzTest#csv -Djazzer.max_duration=60s};
 * a crash is written to {@code FormatsFuzzTestInputs/<target>/} to become a regression seed once fixed.
 */
class FormatsFuzzTest {
    private static final Path DIR = temporaryFolder();
    private static final LayerRegistry LAYERS = LayerRegistry.standard();
    private static final OnnxImporter ONNX = new OnnxImporter();
    private static final TfjsImporter TFJS = new TfjsImporter();
    private static final Path TFJS_MODEL = tfjsFolder().resolve("model.json");

    @FuzzTest(maxDuration = "60s")
    void project(byte[] input) {
        try {
            ProjectFiles.parse(input, Path.of("fuzz.lcproj.json"));
        } catch (DataFormatException expected) {
            // refused with a message naming the place
        }
    }

    @FuzzTest(maxDuration = "60s")
    void safetensors(byte[] input) {
        try {
            SafeTensors.parse(input, Path.of("fuzz.safetensors"));
        } catch (DataFormatException expected) {
            // refused with a message naming the tensor
        }
    }

    @FuzzTest(maxDuration = "60s")
    void onnx(byte[] input) {
        try {
            ONNX.fromBytes(input, "fuzz.onnx", LAYERS);
        } catch (DataFormatException | IllegalArgumentException expected) {
            // not a model, or a model LayerCanvas cannot express: both refused with a message
        }
    }

    /** A TensorFlow.js model.json, beside a weights.bin of 140 bytes (the sequential MLP's), as {@code layercanvas import} reads it. */
    @FuzzTest(maxDuration = "60s")
    void tfjs(byte[] input) throws IOException {
        try {
            TFJS.read(new java.io.ByteArrayInputStream(input), TFJS_MODEL.toString(), LAYERS);
        } catch (DataFormatException | IllegalArgumentException expected) {
            // not a model, or a Keras model LayerCanvas cannot express: both refused with a message
        }
    }

    /** A table read as the CSV reader reads a project's data (header or not, target by index), and as `new` previews it. */
    @FuzzTest(maxDuration = "60s")
    void csv(FuzzedDataProvider in) throws IOException {
        boolean header = in.consumeBoolean();
        int target = in.consumeInt(0, 3);
        Path file = write("fuzz.csv", in.consumeRemainingAsBytes());
        try {
            DataSources.load(new DataSource("csv", Map.of("path", file.toString(), "header", header, "target", target)), DIR);
        } catch (IOException expected) {
            // a DataFormatException, or an IOException naming the file
        }
        try {
            org.layercanvas.formats.starter.DataPreview.read(file);
        } catch (IOException expected) {
            // as above
        }
    }

    /** Images read beside a fixed labels file, gzipped or not as the bytes say. */
    @FuzzTest(maxDuration = "60s")
    void idx(byte[] input) throws IOException {
        Path images = write("fuzz-images-idx3-ubyte", input);
        Path labels = DIR.resolve("fuzz-labels-idx1-ubyte");
        if (!Files.exists(labels)) {
            Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 0, 1});
        }
        try {
            DataSources.load(new DataSource("idx", Map.of("images", images.toString(), "labels", labels.toString())), DIR);
        } catch (IOException expected) {
            // a DataFormatException, or an IOException naming the file
        }
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(DIR.resolve(name), content);
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("layercanvas-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A folder with the sequential MLP's weights.bin, which fuzzed model.json files may name. */
    private static Path tfjsFolder() {
        try (java.io.InputStream weights = FormatsFuzzTest.class.getResourceAsStream("keras/models/sequential-mlp/weights.bin")) {
            Path dir = Files.createDirectories(DIR.resolve("tfjs"));
            Files.copy(weights, dir.resolve("weights.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
