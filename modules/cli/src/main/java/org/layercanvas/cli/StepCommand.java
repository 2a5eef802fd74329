package org.layercanvas.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.Summary;
import org.layercanvas.engine.train.BatchStep;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.formats.SafeTensors;
import org.layercanvas.workbench.ProjectSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layercanvas step PROJECT --out DIR}: one batch of the training data through the network, forward and backward,
 * with every tensor on the way written out for a look inside.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Run one batch of the training data (in the order `train` takes them, with the project's seed) forward and "
                + "backward, and write every tensor on the way to DIR/tensors.safetensors: inputs, targets, each node's output and "
                + "grad_output (dL/d output), each parameter and its .grad, with --update also its .next after one optimizer "
                + "step; DIR/summary.json has the loss and each tensor's shape, min, max, mean, std, norm, share of zeros and "
                + "NaN and infinity counts. The weights are not changed.")
final class StepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", description = "The *.lcproj.json file.")
    Path project;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write tensors.safetensors and summary.json into.")
    Path out;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights to start from (a run's weights.safetensors); default: "
            + "the project's initial weights (its seed).")
    Path weights;

    @Option(names = "--batch", defaultValue = "0", paramLabel = "K",
            description = "Which batch, counted from 0 over the epochs as `train` trains them. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--network", paramLabel = "NAME", description = "The network to step (default: main).")
    String network;

    @Option(names = "--update", description = "Also take one optimizer step and write each parameter's value after it (.next).")
    boolean update;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (ProjectSession session = ProjectSession.open(project, common.backend, network)) {
            if (session.discriminator() != null) {
                throw new IllegalArgumentException(project + " trains a GAN: step runs supervised and autoencoder projects");
            }
            if (weights != null) {
                session.loadWeights(weights);
            }
            BatchStep step = new Trainer(session.plan(), session.project().training()).step(session.train(), batch, update);
            Files.createDirectories(out);
            SafeTensors.write(out.resolve("tensors.safetensors"), step.tensors());
            ObjectMapper json = new ObjectMapper();
            ObjectNode summary = json.createObjectNode().put("project", project.toString()).put("epoch", step.epoch())
                    .put("batch", step.batch()).put("rows", step.rows()).put("loss", step.loss()).put("updated", update);
            ObjectNode tensors = summary.putObject("tensors");
            for (WeightTensor t : step.tensors()) {
                tensors.set(t.name(), describe(json, t));
            }
            Files.writeString(out.resolve("summary.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
            System.out.printf("batch %d (epoch %d, batch %d of it, %d sample%s): loss %.6g; %d tensors in %s%n", batch, step.epoch(),
                    step.batch(), step.rows(), step.rows() == 1 ? "" : "s", step.loss(), step.tensors().size(), out.resolve("tensors.safetensors"));
            return 0;
        }
    }

    private static ObjectNode describe(ObjectMapper json, WeightTensor t) {
        float[] v = t.values();
        Summary s = Summary.of(v, 0, v.length);
        long nan = 0, infinite = 0;
        for (float x : v) {
            nan += Float.isNaN(x) ? 1 : 0;
            infinite += Float.isInfinite(x) ? 1 : 0;
        }
        ObjectNode n = json.createObjectNode();
        n.putPOJO("shape", t.shape().dims());
        return n.put("min", s.min()).put("max", s.max()).put("mean", s.mean()).put("std", s.std()).put("norm", s.l2Norm())
                .put("zero_fraction", s.zeroFraction()).put("nan", nan).put("inf", infinite);
    }
}
