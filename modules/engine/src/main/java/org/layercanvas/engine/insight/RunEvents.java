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

    /**
     * Sends every event to each of {@code sinks}, in order; one sink that fails does not keep the event
     * from the others (the dashboard still hears that a run failed when its folder could not be written).
     * The first failure is rethrown afterwards, later ones attached to it.
     */
    static RunEvents all(RunEvents... sinks) {
        return new RunEvents() {
            private void each(java.util.function.Consumer<RunEvents> event) {
                RuntimeException failure = null;
                for (RunEvents s : sinks) {
                    try {
                        event.accept(s);
                    } catch (RuntimeException e) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public void started(RunInfo info) {
                each(s -> s.started(info));
            }

            @Override
            public void batch(BatchRecord batch) {
                each(s -> s.batch(batch));
            }

            @Override
            public void layers(LayerSnapshot snapshot) {
                each(s -> s.layers(snapshot));
            }

            @Override
            public void epoch(EpochRecord epoch) {
                each(s -> s.epoch(epoch));
            }

            @Override
            public void finished(RunOutcome outcome) {
                each(s -> s.finished(outcome));
            }
        };
    }
}
