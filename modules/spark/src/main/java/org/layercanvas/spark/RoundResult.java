package org.layercanvas.spark;

import java.io.Serializable;

/**
 * What one machine sends back after a round of parameter averaging: its weights and optimizer state after the round (as
 * {@link SliceWorker.Flat#state} lays them out), per batch of the round its rows' losses and outputs, and how many rows
 * it trained on (its weight in the average).
 */
record RoundResult(float[] state, float[][] rowLoss, float[][] outputs, int rows) implements Serializable {
}
