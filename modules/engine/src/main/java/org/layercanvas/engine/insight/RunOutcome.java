package org.layercanvas.engine.insight;

import java.util.Map;

/**
 * How a run ended: {@value #COMPLETED}, {@value #STOPPED} (by the user or early stopping) or
 * {@value #FAILED} (with {@code message}); the test metrics and diagnostics when there is test data.
 */
public record RunOutcome(String status, String message, Map<String, Double> test, Diagnostics testDiagnostics, double seconds) {
    public static final String RUNNING = "running", COMPLETED = "completed", STOPPED = "stopped", FAILED = "failed";
}
