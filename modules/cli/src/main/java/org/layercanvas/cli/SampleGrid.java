package org.layercanvas.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.formats.AtomicFiles;

/** Writes generated images (values in [0, 1], shape [1, H, W] or a square [H·W]) as a PNG grid. */
final class SampleGrid {
    private SampleGrid() {
    }

    static void write(float[] samples, int count, Shape shape, Path file) throws IOException {
        int h, w;
        if (shape.rank() == 3 && shape.dim(0) == 1) {
            h = shape.dim(1);
            w = shape.dim(2);
        } else if (shape.rank() == 1 && Math.round(Math.sqrt(shape.size())) * Math.round(Math.sqrt(shape.size())) == shape.size()) {
            h = w = (int) Math.round(Math.sqrt(shape.size()));
        } else {
            throw new IllegalArgumentException("--samples draws grey images [1, H, W] or square vectors, not " + shape);
        }
        int columns = (int) Math.ceil(Math.sqrt(count)), rows = (count + columns - 1) / columns, gap = 2;
        BufferedImage grid = new BufferedImage(columns * (w + gap) + gap, rows * (h + gap) + gap, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < count; i++) {
            int ox = gap + (i % columns) * (w + gap), oy = gap + (i / columns) * (h + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = Math.max(0f, Math.min(1f, samples[i * h * w + y * w + x]));
                    int g = Math.round(v * 255);
                    grid.setRGB(ox + x, oy + y, (g << 16) | (g << 8) | g);
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }
}
