package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.data.Preprocessing;
import org.layercanvas.engine.project.Preprocess;

/**
 * Streamed samples (read by row ranges, shuffled by chunks and a shuffle buffer, read ahead on a background
 * thread) train as data in memory does: every row once per epoch, reproducibly, and, when the buffer holds every
 * row, to the very same weights.
 */
class StreamedTrainingTest {
    /** Data in memory seen only through {@link Samples}, as a file's would be: in chunks, with a shuffle buffer. */
    static final class Streamed implements Samples {
        final Dataset data;
        final int chunkRows, shuffleRows;
        final Set<String> readers = ConcurrentHashMap.newKeySet();
        int failAtRow = -1;

        Streamed(Dataset data, int chunkRows, int shuffleRows) {
            this.data = data;
            this.chunkRows = chunkRows;
            this.shuffleRows = shuffleRows;
        }

        @Override
        public int count() {
            return data.count();
        }

        @Override
        public Shape featureShape() {
            return data.featureShape();
        }

        @Override
        public Shape targetShape() {
            return data.targetShape();
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
            if (x != null) {
                readers.add(Thread.currentThread().getName());
            }
            if (failAtRow >= from && failAtRow < from + rows) {
                throw new UncheckedIOException(new IOException("'events.h5' dataset '/x', rows " + from + ".." + (from + rows - 1) + ": cannot be read"));
            }
            data.copy(from, rows, x, xAt, y, yAt);
        }

        @Override
        public int chunkRows() {
            return chunkRows;
        }

        @Override
        public int shuffleRows() {
            return shuffleRows;
        }

        @Override
        public Samples rows(int from, int to) {
            Streamed view = new Streamed(data.slice(from, to), chunkRows, shuffleRows);
            view.failAtRow = failAtRow - from;
            return view;
        }
    }

    /** Rows whose single feature is their own index. */
    static Dataset numbered(int n) {
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 2;
        }
        return new Dataset(x, Shape.of(1), y, Shape.of(1), n);
    }

    static int[] epochOrder(Samples data, long seed) {
        int n = data.count();
        float[] x = new float[n];
        try (ShuffledEpoch epoch = new ShuffledEpoch(data, new ResumableRandom(seed))) {
            epoch.next(n, x, null);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) x[i];
        }
        return order;
    }

    @Test
    void aStreamedEpochVisitsEveryRowOnceInWindowsOfWholeChunks() {
        // 103 rows in chunks of 7 (the last one 5 rows); a buffer of 20 rows rounds up to 3 chunks, 21 rows
        Streamed data = new Streamed(numbered(103), 7, 20);
        int[] order = epochOrder(data, 42);
        assertThat(order).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 103).toArray());
        for (int w = 0; w * 21 < 103; w++) {
            Set<Integer> chunks = new HashSet<>();
            int rows = 0;
            for (int k = w * 21; k < Math.min(103, (w + 1) * 21); k++) {
                chunks.add(order[k] / 7);
                rows++;
            }
            assertThat(chunks).as("window %d", w).hasSizeLessThanOrEqualTo(3);
            int whole = chunks.stream().mapToInt(c -> Math.min(7, 103 - c * 7)).sum();
            assertThat(rows).as("window %d holds its chunks whole", w).isEqualTo(whole);
        }
        assertThat(epochOrder(data, 42)).as("the same seed, the same order").containsExactly(order);
        assertThat(epochOrder(data, 43)).isNotEqualTo(order);
        assertThat(data.readers).as("windows are read ahead, off the trainer's thread").containsOnly("layercanvas-read-ahead");
    }

    @Test
    void withOneWindowTheOrderIsTheInMemoryPermutation() {
        Dataset inMemory = numbered(103);
        assertThat(epochOrder(new Streamed(inMemory, 7, 103), 42)).containsExactly(epochOrder(inMemory, 42));
    }

    @Test
    void skippingContinuesWhereTheEpochWouldHave() {
        Streamed data = new Streamed(numbered(50), 4, 10);
        int[] whole = epochOrder(data, 7);
        float[] skipped = new float[17], rest = new float[33];
        try (ShuffledEpoch epoch = new ShuffledEpoch(data, new ResumableRandom(7))) {
            epoch.skip(17, null);
            epoch.next(33, rest, null);
        }
        for (int i = 0; i < 33; i++) {
            assertThat((int) rest[i]).isEqualTo(whole[17 + i]);
        }
    }

    @Test
    void trainingStreamedWithTheWholeDataInTheBufferGivesTheSameWeightsAsInMemory() {
        Dataset data = ResumeTest.data();
        Plan inMemory = ResumeTest.plan(), streamed = ResumeTest.plan();
        List<EpochResult> a = new Trainer(inMemory, ResumeTest.config()).fit(data, TrainingListener.NONE).epochs();
        List<EpochResult> b = new Trainer(streamed, ResumeTest.config()).fit(new Streamed(data, 6, data.count()), TrainingListener.NONE).epochs();
        ResumeTest.assertSame(new ResumeTest.Outcome(streamed.weights(), b), new ResumeTest.Outcome(inMemory.weights(), a));
    }

    @Test
    void streamedTrainingInSmallWindowsIsReproducibleAndResumesExactly() {
        Dataset data = ResumeTest.data();
        ResumeTest.Outcome once = streamedRun(data), again = streamedRun(data);
        ResumeTest.assertSame(again, once);
        // interrupted after 7 batches (in epoch 2), continued in a fresh plan from the checkpoint
        AtomicReference<Checkpoint> saved = new AtomicReference<>();
        List<EpochResult> epochs = new ArrayList<>();
        new Trainer(ResumeTest.plan(), ResumeTest.config()).fit(new Streamed(data, 3, 10), ResumeTest.interruptAfter(7, false, epochs), saved::set, null);
        Plan second = ResumeTest.plan();
        epochs.addAll(new Trainer(second, ResumeTest.config()).fit(new Streamed(data, 3, 10), TrainingListener.NONE, null, saved.get()).epochs());
        ResumeTest.assertSame(new ResumeTest.Outcome(second.weights(), epochs), once);
    }

    private static ResumeTest.Outcome streamedRun(Dataset data) {
        Plan plan = ResumeTest.plan();
        History h = new Trainer(plan, ResumeTest.config()).fit(new Streamed(data, 3, 10), TrainingListener.NONE);
        return new ResumeTest.Outcome(plan.weights(), h.epochs());
    }

    @Test
    void aReadErrorEndsTrainingWithTheReadersMessage() {
        Streamed data = new Streamed(ResumeTest.data(), 3, 10);
        data.failAtRow = 31;
        assertThatThrownBy(() -> new Trainer(ResumeTest.plan(), ResumeTest.config()).fit(data, TrainingListener.NONE))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("'events.h5' dataset '/x', rows 30..32");
    }

    @Test
    void preprocessingStreamedDataGivesTheNumbersOfPreprocessingItInMemory() {
        java.util.Random r = new java.util.Random(3);
        int n = 3000;
        float[] x = new float[n * 4], y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 40 + 7 * (i % 4));
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
        }
        Dataset data = new Dataset(x, Shape.of(4), y, Shape.of(1), n);
        Preprocess spec = new Preprocess(0.5, true, 3);
        Preprocessing inMemory = Preprocessing.fit(spec, data), streamed = Preprocessing.fit(spec, new Streamed(data, 100, 500));
        Dataset expected = inMemory.apply(data), actual = streamed.apply((Samples) new Streamed(data, 100, 500)).load();
        assertThat(actual.features()).containsExactly(expected.features());
        assertThat(actual.targets()).containsExactly(expected.targets());
        assertThat(actual.targetShape()).isEqualTo(Shape.of(3));
        y[2500] = 3; // a class one_hot 3 has no place for: refused when the streamed view is made, before training
        assertThatThrownBy(() -> streamed.apply((Samples) new Streamed(data, 100, 500))).hasMessageContaining("sample 2500 has class 3.0");
    }
}
