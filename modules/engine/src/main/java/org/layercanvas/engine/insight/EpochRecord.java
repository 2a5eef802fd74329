package org.layercanvas.engine.insight;

import org.layercanvas.engine.train.EpochResult;

/** One epoch: its metrics and what the dashboard shows about it (null where it does not apply). */
public record EpochRecord(EpochResult result, Diagnostics diagnostics) {
}
