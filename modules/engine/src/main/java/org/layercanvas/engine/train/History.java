package org.layercanvas.engine.train;

import java.util.List;

/** Every epoch of a fit; {@code stoppedEarly} when early stopping or a stop request ended it. */
public record History(List<EpochResult> epochs, boolean stoppedEarly) {
    public History {
        epochs = List.copyOf(epochs);
    }
}
