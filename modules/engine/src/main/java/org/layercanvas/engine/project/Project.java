package org.layercanvas.engine.project;

import java.util.List;
import java.util.Optional;
import org.layercanvas.engine.api.Network;

/**
 * A LayerCanvas project (file format v1, see docs/project-format.md): networks, how to train them
 * and where the data is. Data paths are relative to the project file.
 */
public record Project(String name, List<Network> networks, TrainingConfig training, DataConfig data) {
    public static final String FORMAT = "layercanvas.project";
    public static final int VERSION = 1;

    public Project {
        networks = List.copyOf(networks);
    }

    public Optional<Network> network(String networkName) {
        return networks.stream().filter(n -> n.name().equals(networkName)).findFirst();
    }

    /** The project with {@code network} in place of the network of the same name. */
    public Project withNetwork(Network network) {
        return new Project(name, networks.stream().map(n -> n.name().equals(network.name()) ? network : n).toList(), training, data);
    }

    /** The network that supervised training uses: "main", or the only one. */
    public Network mainNetwork() {
        return network("main").orElseGet(() -> {
            if (networks.size() == 1) {
                return networks.get(0);
            }
            throw new IllegalArgumentException("project '" + name + "' has " + networks.size()
                    + " networks and none is named 'main'");
        });
    }
}
