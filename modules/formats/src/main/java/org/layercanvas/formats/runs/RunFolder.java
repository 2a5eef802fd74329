package org.layercanvas.formats.runs;

import java.nio.file.Path;

/**
 * The files of one training run's folder ({@code runs/<yyyyMMdd-HHmmss>} beside the project), written
 * by {@link RunFolderWriter} and read by {@link RunFolderReader}:
 * <ul>
 * <li>{@value #METRICS}: who and how (project, device, backend, seed, hyperparameters), the status, every
 * epoch's metrics and the test metrics; rewritten atomically at the start, after every epoch and at the end;</li>
 * <li>{@value #BATCHES}: one line per batch: step, epoch, batch, loss, learning rate, samples/s, seconds;</li>
 * <li>{@value #INSIGHTS}: one JSON object per line: {@code "kind": "layers"} (inside the network),
 * {@code "epoch"} and {@code "test"} (confusion matrix, ROC, overtraining check, decision boundary, images);</li>
 * <li>{@value #PROJECT}: the project as it was trained (its training section as used, its data paths relative
 * to the project file that metrics.json names as {@code project_file}); {@value #WEIGHTS}: the final weights
 * (after a divergence, the last finite ones);</li>
 * <li>{@value #CHECKPOINT}: written atomically at every epoch end, every {@code training.checkpoint_minutes}
 * and on a stop: weights, optimizer state and in its {@code __metadata__} the epoch, batch, step and random
 * generator states, from which {@code layercanvas train --resume} continues exactly;</li>
 * <li>{@value #LOCK}: locked by the one process writing the folder (see {@link RunLock});</li>
 * <li>{@code images/epoch-NNNN.png}: each epoch's image grid, where there is one.</li>
 * </ul>
 */
public final class RunFolder {
    public static final String METRICS = "metrics.json", BATCHES = "batches.csv", INSIGHTS = "insights.jsonl",
            PROJECT = "project.lcproj.json", WEIGHTS = "weights.safetensors", IMAGES = "images",
            CHECKPOINT = "checkpoint.safetensors", LOCK = "writer.lock";
    public static final String FORMAT = "layercanvas.run";
    public static final int VERSION = 1;
    static final String BATCH_HEADER = "step,epoch,batch,loss,learning_rate,samples_per_second,seconds";

    private RunFolder() {
    }

    /** Whether {@code dir} looks like a run folder. */
    public static boolean isRun(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(METRICS));
    }

    static Path image(Path dir, int epoch) {
        return dir.resolve(IMAGES).resolve(String.format("epoch-%04d.png", epoch));
    }
}
