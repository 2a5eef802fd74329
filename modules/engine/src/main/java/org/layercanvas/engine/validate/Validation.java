package org.layercanvas.engine.validate;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamTensor;

/**
 * What the validator learned about a network: its problems and, for every node whose inputs were
 * valid, its type, config, output shape and parameter tensors. {@code order} lists the nodes that
 * could be ordered, producers before consumers.
 */
public record Validation(List<Problem> problems, List<String> order, Map<String, LayerType> types,
                         Map<String, LayerConfig> configs, Map<String, Shape> shapes,
                         Map<String, List<ParamTensor>> parameters, Map<String, Long> flops) {
    public boolean ok() {
        return problems.isEmpty();
    }

    /** Number of trainable values of a node (0 when unknown). */
    public long parameterCount(String nodeId) {
        return parameters.getOrDefault(nodeId, List.of()).stream()
                .filter(ParamTensor::trainable).mapToLong(p -> p.shape().size()).sum();
    }

    public long totalParameterCount() {
        return parameters.keySet().stream().mapToLong(this::parameterCount).sum();
    }

    /** Forward FLOPs per sample over every node whose shape is known. */
    public long totalFlops() {
        return flops.values().stream().mapToLong(Long::longValue).sum();
    }

    public List<Problem> problemsOf(String nodeId) {
        return problems.stream().filter(p -> nodeId.equals(p.nodeId())).toList();
    }
}
