package org.layercanvas.scripting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.formats.ProjectFiles;

/**
 * Reads and changes a project by the JSON path of a field, as the project file spells it:
 * {@code training.optimizer.learning_rate}, {@code data.train.path}, and {@code nodes.h1.units} for a
 * parameter of a layer of the main network. A change goes through the same checks as a project
 * file (the training and data sections are re-read from JSON; a layer parameter is checked against
 * its type's spec), so a script cannot make a project that the file format would refuse.
 */
final class ProjectFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectFields() {
    }

    static Project set(Project project, Path file, String path, Object value) {
        String[] keys = path.split("\\.");
        if (keys.length == 3 && keys[0].equals("nodes")) {
            return withParam(project, project.mainNetwork().name(), keys[1], keys[2], value);
        }
        if (keys.length < 2 || !(keys[0].equals("training") || keys[0].equals("data"))) {
            throw new IllegalArgumentException("set(\"" + path + "\"): a field is training.…, data.… or nodes.<layer>.<parameter>");
        }
        ObjectNode root = tree(project);
        ObjectNode at = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode next = at.get(keys[i]);
            at = next instanceof ObjectNode o ? o : at.putObject(keys[i]);
        }
        at.set(keys[keys.length - 1], JSON.valueToTree(value));
        String call = "set(\"" + path + "\", " + value + ")";
        try {
            return ProjectFiles.parse(JSON.writeValueAsBytes(root), Path.of(call));
        } catch (DataFormatException e) {
            // the line and column are those of JSON made here, not of anything the user wrote
            throw new IllegalArgumentException(call + ": " + e.getMessage().replaceFirst("^.*?:\\d+:\\d+: ", ""), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field's value as the project file would hold it (null when it is not set). */
    static Object get(Project project, String path) {
        String[] keys = path.split("\\.");
        if (keys.length == 3 && keys[0].equals("nodes")) {
            return project.mainNetwork().node(keys[1]).map(n -> n.params().get(keys[2])).orElseThrow(
                    () -> new IllegalArgumentException("get(\"" + path + "\"): the network has no layer '" + keys[1] + "'"));
        }
        JsonNode at = tree(project);
        for (String key : keys) {
            at = at == null ? null : at.get(key);
        }
        return at == null || at.isNull() ? null : JSON.convertValue(at, Object.class);
    }

    static Project withParam(Project project, String networkName, String id, String name, Object value) {
        Network net = project.network(networkName).orElseThrow();
        Node node = net.node(id).orElseThrow(() -> new IllegalArgumentException("network '" + networkName + "' has no layer '" + id + "'"));
        LayerType type = LayerRegistry.standard().find(node.type())
                .orElseThrow(() -> new IllegalArgumentException("'" + id + "' has unknown layer type '" + node.type() + "'"));
        Object coerced;
        try {
            coerced = type.coerceParam(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type.name() + " '" + id + "': " + e.getMessage(), e);
        }
        return project.withNetwork(net.withNode(node.withParam(name, coerced)));
    }

    private static ObjectNode tree(Project project) {
        try {
            return (ObjectNode) JSON.readTree(ProjectFiles.toJson(project).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
