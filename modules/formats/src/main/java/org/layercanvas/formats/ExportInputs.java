package org.layercanvas.formats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.layercanvas.engine.compile.GraphException;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.FormatAdapter;

/** The checks every model exporter makes before it writes anything: a valid network and weights that fit it. */
public final class ExportInputs {
    private ExportInputs() {
    }

    /**
     * The network's validation (order, shapes, configs, parameters).
     *
     * @throws IllegalArgumentException the network is invalid; the message lists its problems
     */
    public static Validation validate(Network network, LayerRegistry registry) {
        Validation v = new Validator(registry).validate(network);
        if (!v.ok()) {
            throw new IllegalArgumentException(new GraphException(network.name(), v.problems()).getMessage());
        }
        return v;
    }

    /**
     * The weights by name, after checking that every parameter is there with its shape and nothing else is.
     *
     * @throws IllegalArgumentException "the weights do not fit network …", listing every mismatch
     */
    public static Map<String, WeightTensor> checkWeights(String network, Validation v, List<WeightTensor> weights) {
        Map<String, WeightTensor> byName = new HashMap<>();
        weights.forEach(w -> byName.put(w.name(), w));
        Map<String, WeightTensor> unused = new HashMap<>(byName);
        List<String> errors = new ArrayList<>();
        for (String id : v.order()) {
            for (ParamTensor p : v.parameters().getOrDefault(id, List.of())) {
                String name = id + "/" + p.name();
                WeightTensor w = unused.remove(name);
                if (w == null) {
                    errors.add("missing tensor '" + name + "' " + p.shape());
                } else if (!w.shape().equals(p.shape())) {
                    errors.add("tensor '" + name + "' has shape " + w.shape() + " but the network needs " + p.shape());
                }
            }
        }
        unused.keySet().stream().sorted().forEach(n -> errors.add("tensor '" + n + "' matches no parameter of the network"));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("the weights do not fit network '" + network + "': " + String.join("; ", errors));
        }
        return byName;
    }

    /**
     * The adapter of each node of the validated network, by node id.
     *
     * @param why why a layer type without an adapter cannot be exported
     * @throws IllegalArgumentException "cannot export … to {@code format}: …" for the first node (in order) without one
     */
    public static <A extends FormatAdapter> Map<String, A> adapters(Validation v, AdapterRegistry<A> registry, String format,
            Function<String, String> why) {
        Map<String, A> byNode = new HashMap<>();
        for (String id : v.order()) {
            LayerConfig c = v.configs().get(id);
            byNode.put(id, registry.forLayer(c.typeName())
                    .orElseThrow(() -> new IllegalArgumentException("cannot export " + c.describe() + " to " + format + ": " + why.apply(c.typeName()))));
        }
        return byNode;
    }
}
