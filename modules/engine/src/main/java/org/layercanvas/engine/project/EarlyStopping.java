package org.layercanvas.engine.project;

/** Stop when val_loss has not improved by more than {@code minDelta} for {@code patience} epochs. */
public record EarlyStopping(int patience, double minDelta) {
}
