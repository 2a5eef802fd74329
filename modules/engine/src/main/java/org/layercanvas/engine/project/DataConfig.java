package org.layercanvas.engine.project;

import org.layercanvas.engine.api.DataSource;

/** The "data" section: training and (optional) test data and the preprocessing applied to both. */
public record DataConfig(DataSource train, DataSource test, Preprocess preprocess) {
}
