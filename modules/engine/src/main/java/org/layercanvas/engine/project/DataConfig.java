package org.layercanvas.engine.project;

/** The "data" section: training and (optional) test data and the preprocessing applied to both. */
public record DataConfig(DataSource train, DataSource test, Preprocess preprocess) {
}
