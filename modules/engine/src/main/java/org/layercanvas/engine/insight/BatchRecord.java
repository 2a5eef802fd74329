package org.layercanvas.engine.insight;

/**
 * One training batch: the mean loss over its rows, the learning rate it was trained with, and the
 * speed; {@code seconds} is training time since the run started, pauses excluded.
 */
public record BatchRecord(long step, int epoch, int batch, double loss, double learningRate, double samplesPerSecond, double seconds) {
}
