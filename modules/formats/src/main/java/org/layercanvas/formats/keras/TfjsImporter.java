package org.layercanvas.formats.keras;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.formats.spi.KerasWeight;

/**
 * Reads a TensorFlow.js Layers model, {@code model.json} (a Keras model configuration and a weights manifest) with the weight
 * files it names beside it, as a LayerCanvas network ({@link KerasImport} says how). What TensorFlow.js's {@code model.save},
 * tensorflowjs_converter on a Keras model and LayerCanvas's own TensorFlow.js export write.
 */
public final class TfjsImporter implements ModelImporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format() {
        return "tfjs";
    }

    @Override
    public String description() {
        return "TensorFlow.js Layers model (model.json with its weight files beside it): a Keras model from TensorFlow.js or tensorflowjs_converter";
    }

    @Override
    public String extension() {
        return ".json";
    }

    /** @param source the model.json's path: the weight files are read from its folder */
    @Override
    public Imported read(InputStream in, String source, LayerRegistry registry) throws IOException {
        JsonNode model;
        try {
            // read as UTF-8, as JSON files are: Jackson's own guess of the encoding throws its own exception on odd bytes
            model = JSON.readTree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new DataFormatException(source + ":" + (e.getLocation() == null ? "" : e.getLocation().getLineNr() + ":") + " not a TensorFlow.js "
                    + "model.json: " + e.getOriginalMessage(), e);
        }
        JsonNode topology = model == null ? null : model.path("modelTopology");
        if (topology == null || !topology.isObject()) {
            throw new DataFormatException(source + ": not a TensorFlow.js Layers model (no \"modelTopology\"; a graph model from "
                    + "tf.saved_model conversion cannot be imported)");
        }
        if (topology.has("model_config")) { // tensorflowjs_converter's Keras models wrap the configuration
            topology = topology.path("model_config");
        }
        Path dir = Path.of(source).toAbsolutePath().getParent();
        // LayerCanvas's own export keeps images channels-first (Permute layers around what runs channels-last)
        boolean ours = model.path("generatedBy").asText().equals("LayerCanvas");
        return KerasImport.convert(topology, weights(model.path("weightsManifest"), dir, source), registry, source, ours);
    }

    /** The weights by name: each group's files, one after the other, hold its weights in the manifest's order. */
    private static Map<String, KerasWeight> weights(JsonNode manifest, Path dir, String source) throws IOException {
        Map<String, KerasWeight> out = new HashMap<>();
        for (JsonNode group : manifest) {
            List<byte[]> parts = new ArrayList<>();
            int length = 0;
            for (JsonNode p : group.path("paths")) {
                Path file;
                try {
                    file = dir.resolve(p.asText()).normalize();
                } catch (java.nio.file.InvalidPathException e) {
                    throw new DataFormatException(source + ": weights path '" + p.asText() + "' is no file name (" + e.getReason() + ")");
                }
                if (!file.startsWith(dir)) {
                    throw new DataFormatException(source + ": weights path '" + p.asText() + "' leaves the model's folder");
                }
                try {
                    if (Files.size(file) > Integer.MAX_VALUE - 8 - length) {
                        throw new DataFormatException(source + ": its weight files hold more than 2 GB, more than one group can");
                    }
                    byte[] bytes = Files.readAllBytes(file);
                    parts.add(bytes);
                    length += bytes.length;
                } catch (NoSuchFileException e) {
                    throw new DataFormatException(source + ": its weights file " + file + " is missing (keep it beside model.json)");
                } catch (DataFormatException e) {
                    throw e;
                } catch (IOException e) {
                    throw new DataFormatException(source + ": cannot read its weights file " + file + ": " + e.getMessage(), e);
                }
            }
            ByteBuffer data = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            parts.forEach(data::put);
            data.flip();
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                if (!w.path("dtype").asText("float32").equals("float32") || w.has("quantization")) {
                    throw new DataFormatException(source + ": weight '" + name + "' is " + w.path("dtype").asText()
                            + (w.has("quantization") ? " quantized" : "") + "; only float32 weights are imported");
                }
                int[] shape = new int[w.path("shape").size()];
                long size = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").path(i).asInt(-1);
                    if (shape[i] < 0) {
                        throw new DataFormatException(source + ": weight '" + name + "' has shape " + w.path("shape") + "; dimensions are counts");
                    }
                    size = shape[i] == 0 || size <= Long.MAX_VALUE / 8 / shape[i] ? size * shape[i] : Long.MAX_VALUE / 8; // saturates: the bytes decide
                }
                if (size * Float.BYTES > data.remaining() || size > Integer.MAX_VALUE) {
                    throw new DataFormatException(source + ": weight '" + name + "' " + w.path("shape") + " needs " + size * Float.BYTES + " bytes, but the "
                            + "weight files have " + data.remaining() + " left");
                }
                float[] values = new float[(int) size];
                data.asFloatBuffer().get(values);
                data.position(data.position() + values.length * Float.BYTES);
                out.put(name, new KerasWeight(name, shape, values));
            }
        }
        return out;
    }
}
