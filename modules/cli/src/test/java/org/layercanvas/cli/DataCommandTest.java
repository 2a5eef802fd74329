package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path dir;

    @Test
    void showsTheSourceEachColumnsRangeAndMeanAndTheClassBalance() throws IOException {
        Path csv = Files.writeString(dir.resolve("events.csv"), "pt,eta,kind\n1,0.5,signal\n3,-1,background\n5,1.5,signal\n");
        CliRun shown = CliRun.of("data", csv.toString());
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("data source: {\"type\":\"csv\",\"path\":\"" + csv.toAbsolutePath() + "\"}", "samples: 3",
                "target 'kind': 2 classes: signal 2 (66.7 %) background 1 (33.3 %)");
        assertThat(shown.out().lines()).anyMatch(l -> l.matches("pt\\s+1\\.00000\\s+3\\.00000\\s+5\\.00000\\s+0"))
                .anyMatch(l -> l.matches("eta\\s+-1\\.00000\\s+0\\.333333\\s+1\\.50000\\s+0"))
                .anyMatch(l -> l.matches("kind\\s+text, 2 different values"));
    }

    @Test
    void aQuantityTargetIsNamedRegression() throws IOException {
        Path csv = Files.writeString(dir.resolve("q.csv"), "x,y\n1,0.25\n2,0.75\n");
        CliRun shown = CliRun.of("data", csv.toString());
        assertThat(shown.out()).contains("target 'y': a quantity (regression)");
    }

    @Test
    void aFileNoReaderKnowsAndADatasetForAReaderWithoutThemExitWith2NamingTheFile() throws IOException {
        Path other = Files.writeString(dir.resolve("notes.doc"), "hello");
        CliRun unknown = CliRun.of("data", other.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains(other + ": cannot tell which reader reads this file (known: .csv, .tsv and .txt tables");

        Path csv = Files.writeString(dir.resolve("t.csv"), "x,y\n1,0\n");
        CliRun dataset = CliRun.of("data", csv.toString(), "--dataset", "/x");
        assertThat(dataset.exitCode()).isEqualTo(2);
        assertThat(dataset.err()).contains(csv + " is read by the 'csv' reader, which has no datasets to choose from");
    }

    @Test
    void idxFilesShowTheirHeadersAndTheImageColumnOverAllPixels() throws IOException {
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + 2 * 2 * 3).putInt(0x0803).putInt(2).putInt(2).putInt(3);
        for (int i = 0; i < 12; i++) {
            images.put((byte) (i * 20));
        }
        Files.write(dir.resolve("tiny-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve("tiny-labels-idx1-ubyte"), java.nio.ByteBuffer.allocate(10).putInt(0x0801).putInt(2).put((byte) 1).put((byte) 0).array());
        CliRun shown = CliRun.of("data", dir.resolve("tiny-images-idx3-ubyte").toString());
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("contents:\n  images tiny-images-idx3-ubyte uint8 [2, 2, 3]\n  labels tiny-labels-idx1-ubyte uint8 [2]\n",
                "samples: 2", "target 'labels': 2 classes: 0 1 (50.0 %) 1 1 (50.0 %)");
        assertThat(shown.out().lines()).anyMatch(l -> l.matches("images\\s+0\\.00000\\s+110\\.000\\s+220\\.000\\s+0"));
    }
}
