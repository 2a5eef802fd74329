package org.layercanvas.engine.train;

import java.util.Random;
import org.layercanvas.engine.compile.Plan;

/**
 * New data from a trained generative network: a GAN's generator on N(0, 1) noise, or a VAE's decoder
 * on N(0, 1) noise put in place of its Sampling node.
 */
public final class Generation {
    private Generation() {
    }

    /** The Sampling node of a VAE, or null. */
    public static String samplingNode(Plan plan) {
        var v = plan.validation();
        return v.order().stream().filter(id -> v.types().get(id).name().equals("Sampling")).findFirst().orElse(null);
    }

    /**
     * {@code count} new samples drawn with {@code seed}, in inference mode.
     *
     * @param gan whether {@code plan} is a GAN's generator (else it must contain a Sampling node)
     */
    public static float[] draw(Plan plan, boolean gan, int count, long seed) {
        if (gan) {
            return GanTrainer.samples(plan, count, seed);
        }
        String sampling = samplingNode(plan);
        if (sampling == null) {
            throw new IllegalArgumentException("new samples come from a GAN's generator or a VAE's decoder; "
                    + "this network has neither a gan scheme nor a Sampling layer");
        }
        Random random = new Random(seed);
        float[] z = new float[count * plan.shapeOf(sampling).size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return plan.predictFrom(sampling, z, count);
    }
}
