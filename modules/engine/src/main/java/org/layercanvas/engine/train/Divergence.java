package org.layercanvas.engine.train;

import java.util.List;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.layers.InputLayer;

/**
 * The divergence guard's diagnosis. Only after a batch's loss has come out NaN or infinite does it read
 * the device buffers, once: which tensor, in forward order, first holds a non-finite value — a node's
 * parameter (read before its output, which it feeds), its output, or else a gradient of the previous step.
 */
final class Divergence {
    static final String ADVICE = "lower the learning rate or clip gradients (training.optimizer.clipnorm / clipvalue)";

    private Divergence() {
    }

    static boolean finite(double loss) {
        return !Double.isNaN(loss) && !Double.isInfinite(loss);
    }

    /**
     * @param plans the networks in the order data flows through them (a GAN: generator, then discriminator)
     * @param rows  rows of the batch whose forward pass is in the plans' buffers
     * @param epoch 1-based; @param batch 0-based (reported 1-based)
     */
    static TrainingDiverged diverged(List<Plan> plans, List<String> prefixes, int[] rows, int epoch, int batch, String what, double loss) {
        String where = null;
        for (int i = 0; i < plans.size() && where == null; i++) {
            where = firstNonFinite(plans.get(i), prefixes.get(i), rows[i]);
        }
        for (int i = 0; i < plans.size() && where == null; i++) {
            where = firstNonFiniteGradient(plans.get(i), prefixes.get(i));
        }
        String cause = where == null ? "every activation, parameter and gradient is finite, so the loss itself overflowed (check the targets)"
                : "first non-finite value in " + where;
        return new TrainingDiverged(epoch, batch + 1, "training diverged at epoch " + epoch + ", batch " + (batch + 1) + ": " + what
                + " is " + (Double.isNaN(loss) ? "NaN" : loss > 0 ? "+Infinity" : "-Infinity") + "; " + cause + " — " + ADVICE);
    }

    private static String firstNonFinite(Plan plan, String prefix, int rows) {
        for (String id : plan.nodeIds()) {
            for (Parameter p : plan.parameters()) {
                if (p.nodeId().equals(id) && !finite(plan, p.value(), p.size())) {
                    return "parameter '" + prefix + p.qualifiedName() + "'";
                }
            }
            if (!finite(plan, plan.outputOf(id), rows * plan.shapeOf(id).size())) {
                boolean input = plan.validation().types().get(id) instanceof InputLayer;
                return "node '" + prefix + id + "' (" + (input ? "the input data" : "activation") + ")";
            }
        }
        return null;
    }

    private static String firstNonFiniteGradient(Plan plan, String prefix) {
        for (Parameter p : plan.parameters()) {
            if (p.grad() != null && !finite(plan, p.grad(), p.size())) {
                return "the gradient of parameter '" + prefix + p.qualifiedName() + "' (previous step)";
            }
        }
        return null;
    }

    private static boolean finite(Plan plan, org.layercanvas.engine.spi.Tensor t, int n) {
        float[] v = new float[n];
        plan.backend().read(t, v, 0, n);
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
