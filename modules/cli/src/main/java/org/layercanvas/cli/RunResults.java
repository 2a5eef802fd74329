package org.layercanvas.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.train.EpochResult;

/**
 * The {@code metrics.json} of a run: {@code {"device", "backend", "seed", "epochs": [{"epoch", "loss",
 * "accuracy", "val_loss", "val_accuracy", "seconds"}], "test": {"loss", "accuracy"}}}, metrics as configured.
 */
public final class RunResults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunResults() {
    }

    public static ObjectNode toJson(String device, String backend, long seed, List<EpochResult> epochs, Map<String, Double> test) {
        ObjectNode root = JSON.createObjectNode();
        root.put("device", device);
        root.put("backend", backend);
        root.put("seed", seed);
        ArrayNode list = root.putArray("epochs");
        for (EpochResult e : epochs) {
            ObjectNode o = list.addObject();
            o.put("epoch", e.epoch());
            e.values().forEach(o::put);
            o.put("seconds", e.seconds());
        }
        if (test != null) {
            ObjectNode t = root.putObject("test");
            test.forEach(t::put);
        }
        return root;
    }

    public static String format(Map<String, Double> metrics) throws IOException {
        return JSON.writeValueAsString(metrics);
    }

    /** Writes atomically: a reader never sees half a file, and a failure leaves the old one. */
    public static void write(ObjectNode json, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), json);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
