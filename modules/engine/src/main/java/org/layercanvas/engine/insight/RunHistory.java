package org.layercanvas.engine.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run has reported so far, kept in memory for the dashboard: written by the training
 * thread (live) or by the run-folder reader (a past run), read by the event thread. Readers poll
 * {@link #version()} and redraw only when it changed, so the drawing rate never follows the batch rate.
 */
public final class RunHistory implements RunEvents {
    /** Snapshots kept at most; beyond it every other one is dropped, halving the resolution but keeping the whole run. */
    static final int MAX_SNAPSHOTS = 2000;
    /** Batches kept at most, thinned the same way (batches.csv on disk keeps every one). */
    static final int MAX_BATCHES = 200_000;
    /** Epochs whose images and decision boundary stay in memory (each epoch's PNG is on disk). */
    static final int EPOCHS_WITH_PICTURES = 100;

    private RunInfo info;
    private final List<BatchRecord> batches = new ArrayList<>();
    private final List<LayerSnapshot> snapshots = new ArrayList<>();
    private final List<EpochRecord> epochs = new ArrayList<>();
    private RunOutcome outcome;
    private long version;
    private final String name;

    /** @param name how the dashboard lists the run, e.g. its folder name */
    public RunHistory(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized void started(RunInfo runInfo) {
        info = runInfo;
        version++;
    }

    @Override
    public synchronized void batch(BatchRecord batch) {
        batches.add(batch);
        if (batches.size() > MAX_BATCHES) {
            thin(batches);
        }
        version++;
    }

    /** Drops every other element, keeping the last: half the resolution over the whole run. */
    private static <T> void thin(List<T> list) {
        List<T> kept = new ArrayList<>(list.size() / 2 + 1);
        for (int i = list.size() - 1; i >= 0; i -= 2) {
            kept.add(list.get(i));
        }
        java.util.Collections.reverse(kept);
        list.clear();
        list.addAll(kept);
    }

    @Override
    public synchronized void layers(LayerSnapshot snapshot) {
        if (!snapshots.isEmpty()) {
            // only the latest decision boundary is drawn; older ones would only fill memory
            snapshots.set(snapshots.size() - 1, snapshots.get(snapshots.size() - 1).withoutBoundary());
        }
        snapshots.add(snapshot);
        if (snapshots.size() > MAX_SNAPSHOTS) {
            thin(snapshots);
        }
        version++;
    }

    @Override
    public synchronized void epoch(EpochRecord epoch) {
        epochs.add(epoch);
        int old = epochs.size() - 1 - EPOCHS_WITH_PICTURES;
        if (old >= 0) {
            EpochRecord e = epochs.get(old);
            Diagnostics d = e.diagnostics();
            epochs.set(old, new EpochRecord(e.result(), new Diagnostics(d.data(), d.confusion(), d.roc(), d.overtraining(), null, null)));
        }
        version++;
    }

    @Override
    public synchronized void finished(RunOutcome runOutcome) {
        outcome = runOutcome;
        version++;
    }

    /** Grows with every event. */
    public synchronized long version() {
        return version;
    }

    /** Null until the run started. */
    public synchronized RunInfo info() {
        return info;
    }

    public synchronized List<BatchRecord> batches() {
        return List.copyOf(batches);
    }

    /** The latest batch, or null before the first. */
    public synchronized BatchRecord lastBatch() {
        return batches.isEmpty() ? null : batches.get(batches.size() - 1);
    }

    public synchronized List<LayerSnapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    public synchronized LayerSnapshot lastSnapshot() {
        return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
    }

    public synchronized List<EpochRecord> epochs() {
        return List.copyOf(epochs);
    }

    /** Null while the run is going on. */
    public synchronized RunOutcome outcome() {
        return outcome;
    }

    /** The latest epoch's diagnostics that have {@code part}, or null. */
    public synchronized <T> T latest(java.util.function.Function<Diagnostics, T> part) {
        if (outcome != null && outcome.testDiagnostics() != null && part.apply(outcome.testDiagnostics()) != null) {
            return part.apply(outcome.testDiagnostics());
        }
        for (int i = epochs.size() - 1; i >= 0; i--) {
            T t = part.apply(epochs.get(i).diagnostics());
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
