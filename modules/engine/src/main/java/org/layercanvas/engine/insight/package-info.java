/**
 * Watching a network learn. {@link org.layercanvas.engine.insight.InsightCollector} turns a trainer's
 * callbacks into {@link org.layercanvas.engine.insight.RunEvents} (batches, looks inside the network,
 * epochs with their diagnostics, the outcome), which the run-folder writer, the dashboard's
 * {@link org.layercanvas.engine.insight.RunHistory} and the run-folder reader all speak. The metric
 * computations (histograms, tensor summaries, ROC curves, the Kolmogorov–Smirnov test, confusion
 * matrices, smoothing, TMVA's overtraining check) are plain JDK code over the float arrays the engine
 * produces, so any front end can draw the results.
 */
package org.layercanvas.engine.insight;
