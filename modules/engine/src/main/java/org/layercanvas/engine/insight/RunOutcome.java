package org.layercanvas.engine.insight;

import java.util.Map;

/**
 * How a run ended: {@value #COMPLETED}, {@value #STOPPED} (by the user or early stopping),
 * {@value #DIVERGED} (the loss became NaN or infinite; {@code message} says where) or {@value #FAILED}
 * (with {@code message}); the test metrics and diagnostics when there is test data. A run folder left
 * {@value #RUNNING} by a writer that is gone reads as {@value #INTERRUPTED}.
 */
public record RunOutcome(String status, String message, Map<String, Double> test, Diagnostics testDiagnostics, double seconds) {
    public static final String RUNNING = "running", COMPLETED = "completed", STOPPED = "stopped", FAILED = "failed",
            DIVERGED = "diverged", INTERRUPTED = "interrupted";
}
