package org.layercanvas.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.History;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.workbench.ProjectSession;

/**
 * The plugin's example project (example/layernorm-libsvm.lcproj.json: LIBSVM data, a network with
 * LayerNormalization) opens and trains through the workbench as any project does, with the plugin
 * only on the class path: the loss falls and the test accuracy is far above chance (1/3).
 */
class ExampleProjectTest {
    private static final Path PROJECT = Path.of("example", "layernorm-libsvm.lcproj.json");

    @Test
    void trainsWellAboveChance() throws Exception {
        try (ProjectSession session = ProjectSession.open(PROJECT, "cpu")) {
            assertThat(session.train().count()).isEqualTo(300);
            assertThat(session.train().classNames()).containsExactly("1", "2", "3");
            Trainer trainer = new Trainer(session.plan(), session.project().training());
            History history = trainer.fit(session.train(), new TrainingListener() {
            });
            List<EpochResult> epochs = history.epochs();
            double first = epochs.get(0).values().get("loss"), last = epochs.get(epochs.size() - 1).values().get("loss");
            double accuracy = trainer.evaluate(session.test()).get("accuracy");
            System.out.printf("example project: loss %.4f -> %.4f over %d epochs, test accuracy %.3f%n", first, last, epochs.size(), accuracy);
            assertThat(last).isLessThan(0.5 * first);
            assertThat(accuracy).isGreaterThan(0.8);
        }
    }
}
