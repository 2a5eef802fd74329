package org.layercanvas.engine.insight;

/**
 * What a training run reports, in order: {@link #started} once, then {@link #batch} per batch with
 * {@link #layers} now and then between them, {@link #epoch} per epoch, {@link #finished} once. The
 * run-folder writer, the dashboard's live model and the run-folder reader (replaying a finished run)
 * all speak this one interface, so a run looks the same live, reopened, or from the command line.
 * Live calls come from the training thread.
 */
public interface RunEvents {
    void started(RunInfo info);

    void batch(BatchRecord batch);

    void layers(LayerSnapshot snapshot);

    void epoch(EpochRecord epoch);

    void finished(RunOutcome outcome);

    /** Sends every event to each of {@code sinks}, in order. */
    static RunEvents all(RunEvents... sinks) {
        return new RunEvents() {
            @Override
            public void started(RunInfo info) {
                for (RunEvents s : sinks) {
                    s.started(info);
                }
            }

            @Override
            public void batch(BatchRecord batch) {
                for (RunEvents s : sinks) {
                    s.batch(batch);
                }
            }

            @Override
            public void layers(LayerSnapshot snapshot) {
                for (RunEvents s : sinks) {
                    s.layers(snapshot);
                }
            }

            @Override
            public void epoch(EpochRecord epoch) {
                for (RunEvents s : sinks) {
                    s.epoch(epoch);
                }
            }

            @Override
            public void finished(RunOutcome outcome) {
                for (RunEvents s : sinks) {
                    s.finished(outcome);
                }
            }
        };
    }
}
